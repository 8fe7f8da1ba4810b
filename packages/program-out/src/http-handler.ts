import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProgramOutService } from './service.ts';
import { handleWhep, PROGRAM_BASE } from './whep/whep-routes.ts';
import { setWhepCors } from './whep/http-util.ts';
import { handleHls } from './hls/hls-routes.ts';

export type ProgramOutHttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** The program's public routes under `/live/program/<pipelineId>/`; false for any other path. */
export function createProgramOutHandler(service: ProgramOutService): ProgramOutHttpHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${PROGRAM_BASE}/`)) return false;
    const [rawId, kind, ...rest] = url.pathname.slice(PROGRAM_BASE.length + 1).split('/');
    if (!rawId) return false;
    const pipelineId = decodeURIComponent(rawId);
    if (req.method === 'OPTIONS') {
      setWhepCors(res);
      res.writeHead(204).end();
      return true;
    }
    if (kind === 'whep' && rest.length <= 1) {
      await handleWhep(service, req, res, pipelineId, rest[0] || undefined);
      return true;
    }
    if (kind === 'hls' && rest.length >= 1) {
      await handleHls(service, req, res, pipelineId, rest);
      return true;
    }
    return false;
  };
}
