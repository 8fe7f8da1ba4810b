import { ShowflowError } from '@showflow/shared';

/**
 * A frame whose bytes cannot be used: undecodable JPEG, a raw buffer whose length does
 * not match its dimensions, two frames that should match and do not. The runtime counts
 * SF202 per node and keeps the show running.
 */
export function corruptFrame(message: string): ShowflowError {
  return new ShowflowError('SF202', message);
}
