/** The node type whose inspector gets the variations section (defined in @showflow/generative). */
export const GENERATIVE_OVERLAY_TYPE = 'showflow.generative-overlay';
