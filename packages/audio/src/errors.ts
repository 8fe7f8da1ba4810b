import { ShowflowError } from '@showflow/shared';

/** Codes of the audio group (SF7xx) this package raises. */
export type AudioErrorCode = 'SF701' | 'SF702' | 'SF703' | 'SF704' | 'SF705' | 'SF706';

export function audioError(code: AudioErrorCode, message: string): ShowflowError {
  return new ShowflowError(code, message);
}
