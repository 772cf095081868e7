import { readFileSync } from 'fs';
import { MessageMatcher } from './matcher';
import type { ReviewerState } from './review';
import type { ReviewConfigFile } from '../../src/private/shared/review-contract';

/** The reason attribute when the configuration cannot even be read. */
const DEFAULT_REASON_ATTRIBUTE = 'reviewReason';

/**
 * Reads `config.json` from the function's asset and compiles it, once per
 * container: per message there is only matching to do. A configuration that
 * does not load is logged once and makes every message `DENY`: a moderation
 * handler that cannot moderate fails closed. (The construct checks the
 * configuration at synth, so this means a hand-edited asset.)
 */
export function loadReviewer(file: string): ReviewerState {
  let reasonAttribute = DEFAULT_REASON_ATTRIBUTE;
  try {
    const config = JSON.parse(readFileSync(file, 'utf8')) as ReviewConfigFile;
    if (config.version !== 1) {
      throw new Error(`unsupported configuration version ${JSON.stringify(config.version)}`);
    }
    reasonAttribute = typeof config.reasonAttribute === 'string' ? config.reasonAttribute : DEFAULT_REASON_ATTRIBUTE;
    return { matcher: MessageMatcher.compile(config), reasonAttribute };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ message: 'Cannot load the review configuration: every message will be denied', file, reason }));
    return { error: reason, reasonAttribute };
  }
}
