import path from 'node:path';
import type { IceOptions } from '@showflow/live';
import type { NodeServices } from '@showflow/nodes/sdk';
import type { EncoderSettings } from './encoder/encoder-settings.ts';
import { ProgramOutError } from './errors.ts';
import { ProgramOutput, type ProgramOutputStats } from './program-output.ts';

export const PROGRAM_OUT_SERVICE = 'program-out';

export interface ProgramOutServiceOptions {
  maxViewersPerPipeline?: number;
  ice?: IceOptions;
  ffmpegPath?: string;
  /** Where HLS is written (one folder per pipeline); no HLS without it. */
  hlsRoot?: string;
  onProblem?(message: string): void;
}

/**
 * The runtime's program outputs, one per pipeline (a second program-out node in the same
 * pipeline is refused: viewers address a pipeline, not a node). Nodes open and close their
 * output; the WHEP routes find it by pipeline id.
 */
export class ProgramOutService {
  private readonly outputs = new Map<string, ProgramOutput>();

  constructor(private readonly options: ProgramOutServiceOptions = {}) {}

  open(pipelineId: string, nodeId: string, settings: EncoderSettings): ProgramOutput {
    const existing = this.outputs.get(pipelineId);
    if (existing && existing.options.nodeId !== nodeId) {
      throw new ProgramOutError('SF630', `pipeline ${pipelineId} already has a program output (node ${existing.options.nodeId})`, 409);
    }
    if (existing) void existing.close();
    const output = new ProgramOutput({
      pipelineId,
      nodeId,
      settings,
      maxViewers: this.options.maxViewersPerPipeline ?? 200,
      ice: this.options.ice,
      ffmpegPath: this.options.ffmpegPath,
      hlsRoot: this.options.hlsRoot ? path.join(this.options.hlsRoot, pipelineId) : undefined,
      onProblem: (message) => this.options.onProblem?.(`program out ${pipelineId}/${nodeId}: ${message}`),
    });
    this.outputs.set(pipelineId, output);
    return output;
  }

  async release(output: ProgramOutput): Promise<void> {
    if (this.outputs.get(output.options.pipelineId) === output) this.outputs.delete(output.options.pipelineId);
    await output.close();
  }

  /** ICE and ffmpeg settings for outputs that encode on their own (WHIP egress). */
  get egress(): { ice?: IceOptions; ffmpegPath?: string } {
    return { ice: this.options.ice, ffmpegPath: this.options.ffmpegPath };
  }

  get(pipelineId: string): ProgramOutput | undefined {
    return this.outputs.get(pipelineId);
  }

  stats(): ProgramOutputStats[] {
    return [...this.outputs.values()].map((o) => o.stats());
  }

  async close(): Promise<void> {
    await Promise.all([...this.outputs.values()].map((o) => o.close()));
    this.outputs.clear();
  }
}

export function programOutService(ctx: { services: NodeServices }): ProgramOutService {
  const service = ctx.services.get(PROGRAM_OUT_SERVICE);
  if (!service) throw new Error(`this runtime provides no "${PROGRAM_OUT_SERVICE}" service: program output needs the program-out module`);
  if (!(service instanceof ProgramOutService)) throw new Error(`the "${PROGRAM_OUT_SERVICE}" service is not a program-out service`);
  return service;
}
