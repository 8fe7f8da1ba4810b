/**
 * Renders each gallery template's preview image by running it: instantiates the template
 * with its defaults, runs it headless in the runtime Engine (with the runtime modules, so
 * commerce and generative nodes work) until its program output has shown some frames,
 * and writes that output's latest frame as a small JPEG next to the template.
 *
 *   npx tsx examples/scripts/render-template-previews.ts [template.showflow.json …] [--frames 45]
 */
/// <reference path="../../apps/runtime/src/engine/node-red-modules.d.ts" />
import { mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { formatProblem, instantiate, TEMPLATE_FILE_SUFFIX, validateTemplate } from '@showflow/shared';
import { loadCatalog } from '../../apps/runtime/src/cli/catalog.ts';
import { Engine } from '../../apps/runtime/src/engine/engine.ts';
import { readEnv } from '../../apps/runtime/src/env.ts';
import { createLogger } from '../../apps/runtime/src/log.ts';
import { openModules, servicesOf } from '../../apps/runtime/src/modules/index.ts';
import { resolveImageValues } from '../../apps/runtime/src/templates/assets.ts';
import { templateEnvironment } from '../../apps/runtime/src/templates/environment.ts';
import { upgradeConfigs } from '../../apps/runtime/src/templates/import.ts';

const templatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { frames: { type: 'string', default: '45' } } });
const frames = Number(values.frames);
const files = positionals.length
  ? positionals.map((f) => path.resolve(f))
  : (await fs.readdir(templatesDir)).filter((f) => f.endsWith(TEMPLATE_FILE_SUFFIX)).sort().map((f) => path.join(templatesDir, f));

// A throwaway data folder: the orders service and generative cache write there, not into the studio's data.
const env = readEnv({ ...process.env, SHOWFLOW_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sf-previews-')) });
const log = createLogger('warn');
const catalog = await loadCatalog();
const modules = await openModules(env, log);
const engine = await Engine.create({ catalog, log, services: servicesOf(modules) });
let failed = 0;

for (const file of files) {
  const name = path.basename(file);
  const checked = validateTemplate(await fs.readFile(file, 'utf8'), templateEnvironment(catalog));
  if (!checked.ok) {
    failed++;
    console.error(`${name}: cannot run\n${checked.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    continue;
  }
  const template = checked.template;
  const made = instantiate(template, resolveImageValues(template, {}, path.dirname(file), path.join(env.dataDir, 'assets')).values);
  if (!made.ok) throw new Error(`${name}: ${made.problems.map(formatProblem).join('; ')}`);
  const doc = upgradeConfigs(made.document, catalog);
  const program = doc.nodes.find((n) => n.type === 'showflow.preview' && n.config.label === 'program') ?? doc.nodes.find((n) => n.type === 'showflow.preview');
  const feeding = doc.edges.find((e) => e.to.node === program?.id)?.from.node;
  if (!program || !feeding) throw new Error(`${name}: no program output (a showflow.preview node) to take the preview from`);
  await engine.deploy(doc, 1);
  const deadline = Date.now() + 60_000;
  while ((engine.metrics(doc.id)?.nodes.find((n) => n.nodeId === program.id)?.processed ?? 0) < frames) {
    if (Date.now() > deadline) throw new Error(`${name}: the program output showed no ${frames} frames within a minute`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // The frame the program output last received is the one its feeding node last produced.
  const image = (await engine.preview(doc.id, program.id)) ?? (await engine.preview(doc.id, feeding));
  if (!image) throw new Error(`${name}: no preview frame`);
  const target = path.resolve(path.dirname(file), template.meta.preview ?? `${name.slice(0, -TEMPLATE_FILE_SUFFIX.length)}.preview.jpg`);
  await sharp(image.data).resize(480, 270, { fit: 'cover' }).jpeg({ quality: 78 }).toFile(target);
  const errors = engine.metrics(doc.id)!.nodes.filter((n) => n.errors > 0).map((n) => `${n.nodeId} (${n.lastError?.code} ${n.lastError?.message})`);
  console.log(`${name}: ${path.relative(process.cwd(), target)} from frame ${image.seq}${errors.length ? `; node errors: ${errors.join(', ')}` : ''}`);
  await engine.stop(doc.id);
}

await engine.close();
for (const m of modules) await m.close();
process.exit(failed ? 1 : 0);
