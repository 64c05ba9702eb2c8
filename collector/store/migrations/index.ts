import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_surveys_events.ts';
import * as m0003 from './0003_dedupe_spam_privacy.ts';
import * as m0004 from './0004_analysis.ts';
import * as m0005 from './0005_accounts.ts';
import * as m0006 from './0006_inbox.ts';
import * as m0007 from './0007_reports.ts';
import * as m0008 from './0008_lazy_cluster_links.ts';
import * as m0009 from './0009_tag_reapply_pending.ts';
import * as m0010 from './0010_band_merges.ts';
import * as m0011 from './0011_search_queue.ts';
import * as m0012 from './0012_partial_survey_indexes.ts';
import * as m0013 from './0013_submission_keys.ts';
import * as m0014 from './0014_integer_cluster_ids.ts';
import * as m0015 from './0015_analysis_backlog.ts';

/** Listed in code rather than read from the folder, so the order is explicit and bundlers see it. */
const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_surveys_events': m0002,
  '0003_dedupe_spam_privacy': m0003,
  '0004_analysis': m0004,
  '0005_accounts': m0005,
  '0006_inbox': m0006,
  '0007_reports': m0007,
  '0008_lazy_cluster_links': m0008,
  '0009_tag_reapply_pending': m0009,
  '0010_band_merges': m0010,
  '0011_search_queue': m0011,
  '0012_partial_survey_indexes': m0012,
  '0013_submission_keys': m0013,
  '0014_integer_cluster_ids': m0014,
  '0015_analysis_backlog': m0015,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
