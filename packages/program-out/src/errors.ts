import { errorCatalog, ShowflowError } from '@showflow/shared';

/**
 * Codes of program out (encoding the program, WHEP viewing, HLS, restream, WHIP egress):
 * SF630–SF654 in the shared catalogue.
 */
export type ProgramOutErrorCode = 'SF630' | 'SF631' | 'SF632' | 'SF633' | 'SF634' | 'SF635' | 'SF636' | 'SF637' | 'SF638' | 'SF639' | 'SF640' | 'SF641' | 'SF642' | 'SF643' | 'SF644' | 'SF645' | 'SF646' | 'SF647';

/** A catalogued error with the HTTP status it maps to at the edge. */
export class ProgramOutError extends ShowflowError {
  constructor(
    code: ProgramOutErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(code, message);
    this.name = 'ProgramOutError';
  }

  toJSON() {
    return { code: this.code, message: this.message, title: errorCatalog[this.code] };
  }
}
