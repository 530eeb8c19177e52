// How much room a cut-off answer gets when it is sent again: twice what it had (or the setting, if that is now
// larger), never more than the model allows. A batch bills only the tokens generated, so room costs nothing
// unless it is used.
import type { ModelInfo } from './modelInfo';

/** When the Models API gives no limit: the largest max_tokens current models take. */
export const FALLBACK_MAX_TOKENS = 128_000;

/** The next max_tokens for a task cut off at `had`; undefined when it already had the model's limit. */
export function moreRoomFor(had: number, setting: number, info: ModelInfo): number | undefined {
  const limit = info.max_tokens ?? FALLBACK_MAX_TOKENS;
  if (had >= limit) return undefined;
  return Math.min(limit, Math.max(had * 2, setting));
}
