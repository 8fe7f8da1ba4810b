import type { IncomingMessage, ServerResponse } from 'node:http';
import { ElementId } from '@showflow/shared';
import { ProgramOutError } from '../errors.ts';
import type { ProgramOutService } from '../service.ts';
import { readBody, sendProgramError, setWhepCors } from './http-util.ts';

/** Route prefix for program outputs: `/live/program/<pipelineId>/…`. */
export const PROGRAM_BASE = '/live/program';

const OFFER_LIMIT_BYTES = 64 * 1024;

/**
 * Standard WHEP for the program (IETF WHEP / RFC 9725 conventions):
 * `POST …/whep` with a receive-only offer → 201, the answer, `Location` of the session and
 * an `ETag`; `DELETE` on the session ends it; `PATCH` (trickle ICE, ICE restart) → 405,
 * since answers carry all candidates (decision 0051).
 */
export async function handleWhep(service: ProgramOutService, req: IncomingMessage, res: ServerResponse, pipelineId: string, sessionId: string | undefined): Promise<void> {
  setWhepCors(res);
  try {
    if (!ElementId.safeParse(pipelineId).success) throw new ProgramOutError('SF630', 'not a pipeline id', 404);
    const method = req.method ?? 'GET';
    if (sessionId === undefined) {
      if (method !== 'POST') {
        res.writeHead(405, { allow: 'POST, OPTIONS' }).end();
        return;
      }
      const output = service.get(pipelineId);
      if (!output) throw new ProgramOutError('SF630', `pipeline ${pipelineId} has no running program output`, 404);
      const offer = await readBody(req, OFFER_LIMIT_BYTES);
      const { id, answer } = await output.addViewer(offer);
      res.writeHead(201, {
        'content-type': 'application/sdp',
        location: `${PROGRAM_BASE}/${encodeURIComponent(pipelineId)}/whep/${id}`,
        etag: `"${id}"`,
        'cache-control': 'no-store',
      });
      res.end(answer);
      return;
    }
    const output = service.get(pipelineId);
    if (!output || !output.hasViewer(sessionId)) throw new ProgramOutError('SF633', `no viewer session ${sessionId} on pipeline ${pipelineId}`, 404);
    if (method === 'DELETE') {
      await output.removeViewer(sessionId);
      res.writeHead(200).end();
      return;
    }
    if (method === 'PATCH') {
      res.setHeader('allow', 'DELETE, OPTIONS');
      throw new ProgramOutError('SF634', 'trickle ICE and ICE restarts are not supported: the answer carries every candidate; start a new session instead', 405);
    }
    res.writeHead(405, { allow: 'DELETE, OPTIONS' }).end();
  } catch (err) {
    sendProgramError(res, err);
  }
}
