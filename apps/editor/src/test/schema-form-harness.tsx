import { useState } from 'react';
import { screen } from '@testing-library/react';
import type { NodeSpec } from '@showflow/shared';
import { checkConfig } from '../state/config-validator.ts';
import { SchemaForm } from '../components/inspector/SchemaForm.tsx';

type Spec = Pick<NodeSpec, 'type' | 'typeVersion' | 'configSchema'>;

/** The form wired the way the inspector wires it: edits flow back in, issues from the schema; the config shows as JSON. */
export function SchemaFormHarness({ spec, initial }: { spec: Spec; initial: Record<string, unknown> }) {
  const [config, setConfig] = useState(initial);
  return (
    <>
      <SchemaForm schema={spec.configSchema} value={config} issues={checkConfig(spec, config)} onChange={setConfig} />
      <output data-testid="config">{JSON.stringify(config)}</output>
    </>
  );
}

/** The config the harness holds now, as parsed JSON (untyped: tests read into it freely). */
export const shownConfig = () => JSON.parse(screen.getByTestId('config').textContent!);
