// The Jitsi RNNoise build ships no types; the module's default export is Emscripten's factory.
declare module '@jitsi/rnnoise-wasm/dist/rnnoise.js' {
  const create: (overrides?: Record<string, unknown>) => Promise<unknown>;
  export default create;
}
