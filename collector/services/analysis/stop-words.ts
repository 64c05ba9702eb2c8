import { eng, zho } from 'stopword';

// The `stopword` package's lists (MIT): 108 English and 78 Chinese function words. Short on
// purpose — fuller lists drop words feedback is made of ("order", "problem", "page"). Used for
// keywords and for telling English from other Latin-script text; never for sentiment, where
// "not" and "不" matter most.

export const STOP_WORDS_EN: ReadonlySet<string> = new Set(eng);
export const STOP_WORDS_ZH: ReadonlySet<string> = new Set(zho);

export const isStopWord = (term: string): boolean => STOP_WORDS_EN.has(term) || STOP_WORDS_ZH.has(term);
