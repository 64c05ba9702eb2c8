/**
 * Types only: the seam between the always-loaded widget loader and the lazily loaded UI chunk.
 * The UI never imports the transport; the loader hands it `send` and `save` through this seam.
 */
import type { PublishedSurvey } from './schema/survey.ts';
import type { Ack, Answers, SubmissionInput } from './schema/wire.ts';

export type SendResult =
  | { ok: true; ack: Ack }
  | { ok: false; reason: 'network' | 'server' | 'rejected'; message?: string; queued?: boolean };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A submission before the loader adds what it alone knows (client id, user, page, idempotency key). */
export type Draft = DistributiveOmit<SubmissionInput, 'idempotencyKey' | 'clientId' | 'userId' | 'attributes' | 'page' | 'locale'>;

export interface UiHost {
  /** The shadow root the UI renders into; already carries the loader's stylesheet. */
  root: ShadowRoot;
  locale: 'en' | 'zh-CN';
  /** Sends one submission; the same draft object retried reuses its idempotency key. */
  send(draft: Draft): Promise<SendResult>;
  /** Called when the UI closes, so the loader can give focus back to where it was. */
  onClose(): void;
  /** Applies a stylesheet inside the shadow root without inline <style> (strict CSP). */
  adoptStyles(css: string): void;
}

/** One showing of a survey or prompt. */
export interface SurveySession {
  survey: PublishedSurvey;
  /**
   * Saves the answers so far: the first call creates the response, later ones add to it. Resolves
   * with the first try's outcome (queued ones go out later by themselves).
   */
  save(answers: Answers, finished: boolean): Promise<SendResult>;
  /** The person closed it before the end. */
  dismiss(): void;
}

export interface UiModule {
  openFeedback(host: UiHost): void;
  openSurvey(host: UiHost, session: SurveySession): void;
  close(): void;
}
