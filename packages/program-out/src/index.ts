export { EncoderSettings, type InputPicture } from './encoder/encoder-settings.ts';
export { ProgramEncoder, type EncoderCounters, type EncodedRtp } from './encoder/program-encoder.ts';
export { ProgramOutput, type ProgramOutputStats } from './program-output.ts';
export { ProgramOutService, PROGRAM_OUT_SERVICE, programOutService, type ProgramOutServiceOptions } from './service.ts';
export { createProgramOutHandler, type ProgramOutHttpHandler } from './http-handler.ts';
export { PROGRAM_BASE } from './whep/whep-routes.ts';
export { ProgramOutError, type ProgramOutErrorCode } from './errors.ts';
export { programOut, programOutNodes } from './nodes/index.ts';
