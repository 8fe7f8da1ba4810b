import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@showflow/runtime/router';
import { TRPCProvider } from '../../../api/trpc.ts';
import { GenerativeSection } from './GenerativeSection.tsx';

const hash = (c: string) => c.repeat(64);

/** A runtime stand-in: answers the generative procedures from memory and records every call. */
function fakeRuntime(options: { deployed?: boolean } = {}) {
  const calls: { path: string; input: unknown }[] = [];
  let active = 0;
  const variations = [
    { index: 0, prompt: 'Flash sale', style: 'neon', seed: 1, assetSha256: hash('a'), assetPath: `/assets/${hash('a')}.png` },
    { index: 1, prompt: 'Bundle deal', style: 'neon', seed: 1, assetSha256: hash('b'), assetPath: `/assets/${hash('b')}.png` },
    { index: 2, prompt: 'Last pairs', style: 'neon', seed: 1, assetSha256: null, assetPath: null, error: { code: 'SF502', message: 'SF502 budget spent' } },
  ];
  const answer = (path: string, input: { index?: number }): unknown => {
    if (options.deployed === false) throw new Error('SF507 no generative node promo running in pipeline show');
    if (path === 'generative.variations') return { active, currentAssetSha256: null, currentAssetPath: null, variations };
    if (path === 'generative.stats') return { hitRate: 0.916, providerLatencyP50Ms: 139.6, spendCents: 35 };
    if (path === 'generative.select') {
      active = input.index!;
      return { active };
    }
    throw new Error(`unexpected ${path}`);
  };
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      calls.push({ path: op.path, input: op.input });
      try {
        observer.next({ result: { type: 'data', data: answer(op.path, op.input as { index?: number }) } });
        observer.complete();
      } catch (err) {
        observer.error(TRPCClientError.from(err as Error));
      }
    });
  return { calls, client: createTRPCClient<AppRouter>({ links: [link] }) };
}

function renderSection(runtime: ReturnType<typeof fakeRuntime>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={runtime.client} queryClient={queryClient}>
        <GenerativeSection pipelineId="show" nodeId="promo" />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

describe('GenerativeSection', () => {
  it('shows each variation as a thumbnail from the runtime, the active one highlighted, a failed one with its code', async () => {
    renderSection(fakeRuntime());
    await screen.findByTestId('variations');
    const first = screen.getByTestId('variation-0');
    expect(first.getAttribute('aria-pressed')).toBe('true');
    expect(first.className).toContain('is-active');
    expect(first.querySelector('img')!.getAttribute('src')).toBe(`/assets/${hash('a')}.png`);
    expect(screen.getByTestId('variation-1').getAttribute('aria-pressed')).toBe('false');
    const failed = screen.getByTestId('variation-2');
    expect(failed.textContent).toContain('SF502');
    expect((failed as HTMLButtonElement).disabled).toBe(true);
    expect((await screen.findByTestId('generative-stats')).textContent).toBe('cache 92% · 140 ms · 35¢');
  });

  it('switches the variation on click and highlights the new one', async () => {
    const runtime = fakeRuntime();
    renderSection(runtime);
    fireEvent.click(await screen.findByTestId('variation-1'));
    await waitFor(() => expect(screen.getByTestId('variation-1').getAttribute('aria-pressed')).toBe('true'));
    expect(screen.getByTestId('variation-0').getAttribute('aria-pressed')).toBe('false');
    expect(runtime.calls.filter((c) => c.path === 'generative.select').map((c) => c.input)).toEqual([{ pipelineId: 'show', nodeId: 'promo', index: 1 }]);
  });

  it('asks for a deploy when the node is not running', async () => {
    renderSection(fakeRuntime({ deployed: false }));
    expect((await screen.findByTestId('variations-empty')).textContent).toMatch(/Deploy to generate/);
  });
});
