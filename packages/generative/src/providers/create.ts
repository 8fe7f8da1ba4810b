import type { GenerativeConfig } from '../env.ts';
import type { ImageProvider } from '../types.ts';
import { JobsProvider } from './jobs.ts';
import { OfflineProvider } from './offline.ts';
import { OpenAiImagesProvider } from './openai.ts';

/** Builds the provider the environment names. */
export function createProvider(config: GenerativeConfig): ImageProvider {
  const cost = config.costCentsPerImage;
  switch (config.provider) {
    case 'offline':
      return new OfflineProvider({ model: config.model, costCentsPerImage: cost });
    case 'openai':
      return new OpenAiImagesProvider({ baseUrl: config.baseUrl!, apiKey: config.apiKey, model: config.model, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries, costCentsPerImage: cost });
    case 'jobs':
      return new JobsProvider({ baseUrl: config.baseUrl!, apiKey: config.apiKey, model: config.model, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries, pollIntervalMs: config.pollIntervalMs, costCentsPerImage: cost });
  }
}
