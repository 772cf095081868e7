import * as path from 'path';
import { loadReviewer } from './config';
import { reviewEvent, ReviewResponse } from './review';
import { REVIEW_CONFIG_FILE } from '../../src/private/shared/review-contract';

export type { ReviewEvent, ReviewResponse } from './review';

/** `REVIEW_CONFIG_PATH` points elsewhere for local runs and tests. */
const state = loadReviewer(process.env.REVIEW_CONFIG_PATH ?? path.join(__dirname, REVIEW_CONFIG_FILE));

/** The IVS Chat message review handler. Never throws; see `reviewEvent` for the rules. */
export async function handler(event: unknown): Promise<ReviewResponse> {
  return reviewEvent(state, event);
}
