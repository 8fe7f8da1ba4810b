/** `npx tsx packages/live/bench/run-glass-to-glass.ts`: runs this benchmark alone and prints its result. */
import glassToGlass from './glass-to-glass.ts';

const result = await glassToGlass();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
