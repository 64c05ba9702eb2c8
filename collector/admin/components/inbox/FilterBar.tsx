import { useEffect, useState } from 'preact/hooks';
import { RESPONSE_STATUSES } from '../../../../shared/schema/inbox-query.ts';
import { inboxTexts } from '../../i18n/inbox.ts';
import { texts } from '../../i18n/locale.ts';
import { type FilterKey, assigneeList, clearFilters, filter, setFilter, surveyList } from '../../models/inbox.ts';

type Option = [value: string, label: string];

/** A select bound to one key of the address's query: choosing writes the address, the address sets the value. */
function Choice({ name, label, options, any }: { name: FilterKey; label: string; options: Option[]; any?: string }) {
  // Without an "any" entry the first option is what the server assumes (e.g. newest first).
  const value = filter.value[name] ?? (any === undefined ? options[0]?.[0] : '') ?? '';
  // A value from a link that this list does not offer (a new channel, a survey still loading) still shows.
  const all: Option[] = value && !options.some(([v]) => v === value) ? [...options, [value, value]] : options;
  return (
    <label class="inbox-field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(e) => setFilter(name, e.currentTarget.value)}>
        {any !== undefined && <option value="">{any}</option>}
        {all.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A text filter applied on Enter or when the field loses focus, so typing does not reload per key. */
function TextFilter({ name, label, type = 'text', placeholder }: { name: FilterKey; label: string; type?: 'text' | 'date'; placeholder?: string }) {
  const current = filter.value[name] ?? '';
  const [draft, setDraft] = useState(current);
  useEffect(() => setDraft(current), [current]);
  const commit = (e: { currentTarget: HTMLInputElement }) => {
    const typed = e.currentTarget.value.trim();
    if (typed !== current) setFilter(name, typed);
  };
  const shared = {
    name,
    value: draft,
    placeholder,
    onInput: (e: { currentTarget: HTMLInputElement }) => setDraft(e.currentTarget.value),
    onBlur: commit,
    onKeyDown: (e: KeyboardEvent & { currentTarget: HTMLInputElement }) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        commit(e);
      }
    },
  };
  return (
    <label class="inbox-field">
      <span>{label}</span>
      {type === 'date' ? (
        <input type="date" {...shared} onChange={(e) => setFilter(name, e.currentTarget.value)} />
      ) : (
        <input type="text" {...shared} />
      )}
    </label>
  );
}

export function FilterBar() {
  const t = texts(inboxTexts);
  const f = filter.value;
  const [query, setQuery] = useState(f.q ?? '');
  useEffect(() => setQuery(f.q ?? ''), [f.q]);
  const advanced = ['survey', 'channel', 'device', 'tag', 'assignee', 'page', 'attr', 'from', 'to', 'spam'].some((k) => f[k as FilterKey]);
  return (
    <section class="inbox-filters" aria-label={t.filters}>
      <form
        role="search"
        class="inbox-search"
        onSubmit={(e) => {
          e.preventDefault();
          // Read the field itself: a submit right after typing may beat the state update.
          const typed = e.currentTarget.elements.namedItem('q') as HTMLInputElement;
          setFilter('q', typed.value.trim());
        }}
      >
        <label>
          <span class="visually-hidden">{t.search}</span>
          <input type="search" name="q" value={query} placeholder={t.searchPlaceholder} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <button type="submit">{t.searchButton}</button>
      </form>
      <div class="inbox-filter-row">
        <Choice
          name="sort"
          label={t.sort}
          options={[
            ['newest', t.sortNewest],
            ['priority', t.sortPriority],
          ]}
        />
        <Choice name="status" label={t.status} any={t.anyStatus} options={RESPONSE_STATUSES.map((s) => [s, t[s]])} />
        <Choice
          name="sentiment"
          label={t.sentiment}
          any={t.anySentiment}
          options={[
            ['neg', t.neg],
            ['neu', t.neu],
            ['pos', t.pos],
          ]}
        />
        <Choice name="scale" label={t.scale} any={t.anyScale} options={(['nps', 'csat', 'ces', 'stars', 'thumbs'] as const).map((s) => [s, s.toUpperCase()])} />
        <Choice
          name="band"
          label={t.band}
          any={t.anyBand}
          options={[
            ['low', t.bandLow],
            ['mid', t.bandMid],
            ['high', t.bandHigh],
          ]}
        />
        <button type="button" class="inbox-clear" onClick={clearFilters}>
          {t.clear}
        </button>
      </div>
      <details class="inbox-more" open={advanced}>
        <summary>{t.moreFilters}</summary>
        <div class="inbox-filter-row">
          <Choice name="survey" label={t.survey} any={t.anySurvey} options={surveyList.value.map((s) => [s.id, s.name])} />
          <Choice
            name="channel"
            label={t.channel}
            any={t.anyChannel}
            options={['widget', 'link', 'api', 'import', 'email'].map((c) => [c, t.channelName(c)])}
          />
          <Choice
            name="device"
            label={t.device}
            any={t.anyDevice}
            options={['desktop', 'mobile', 'tablet', 'bot', 'unknown'].map((d) => [d, t.deviceName(d)])}
          />
          <Choice
            name="assignee"
            label={t.assignee}
            any={t.anyone}
            options={[['none', t.unassigned], ...assigneeList.value.map((a): Option => [a.id, a.email])]}
          />
          <TextFilter name="tag" label={t.tag} />
          <TextFilter name="page" label={t.page} placeholder="/checkout" />
          <TextFilter name="attr" label={t.attr} placeholder="plan=pro" />
          <TextFilter name="from" label={t.from} type="date" />
          <TextFilter name="to" label={t.to} type="date" />
          <Choice
            name="spam"
            label={t.spam}
            any={t.spamHidden}
            options={[
              ['include', t.spamInclude],
              ['only', t.spamOnly],
            ]}
          />
        </div>
      </details>
    </section>
  );
}
