'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { NodeSpec, Problem } from '@showflow/shared';
import { useEditorShortcuts } from '../../hooks/useEditorShortcuts.ts';
import { useLiveMetrics } from '../../hooks/useLiveMetrics.ts';
import { usePipelineActions } from '../../hooks/usePipelineActions.ts';
import { select, type ClipboardContent } from '../../state/commands/index.ts';
import { contextFromSpecs } from '../../state/editor-state.ts';
import type { EditorStore } from '../../state/editor-store.ts';
import { FlowAdapter } from '../../state/flow-adapter.ts';
import { MetricsStore } from '../../state/metrics-store.ts';
import { Canvas } from '../canvas/Canvas.tsx';
import { Inspector } from '../inspector/Inspector.tsx';
import { Notices, type Notice } from '../panels/Notices.tsx';
import { ProblemsPanel } from '../panels/ProblemsPanel.tsx';
import { VersionsPanel } from '../panels/VersionsPanel.tsx';
import { VersionViewer } from '../panels/VersionViewer.tsx';
import { CommercePanel } from '../commerce/CommercePanel.tsx';
import { GoLivePanel } from '../live/GoLivePanel.tsx';
import { SafeModeBanner } from '../safe-mode/SafeModeBanner.tsx';
import { EditorContextProvider, type EditorContextValue, type NoticeTone } from './EditorContext.tsx';
import { NavigationGuard } from './NavigationGuard.tsx';
import { Palette } from './Palette.tsx';
import { PipelineHeader } from './PipelineHeader.tsx';
import { Toolbar } from './Toolbar.tsx';

interface Props {
  pipelineId: string;
  store: EditorStore;
  specs: NodeSpec[];
  initialActiveVersion: number | null;
}

/** The editor screen once the pipeline and catalog are loaded. Needs a ReactFlowProvider above. */
export function EditorWorkspace({ pipelineId, store, specs, initialActiveVersion }: Props) {
  const [metrics] = useState(() => new MetricsStore());
  const adapter = useRef(new FlowAdapter()).current;
  const flow = useReactFlow();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [activeVersion, setActiveVersion] = useState(initialActiveVersion);
  const [tab, setTab] = useState<'inspector' | 'versions' | 'commerce' | 'live'>('inspector');
  const [notices, setNotices] = useState<Notice[]>([]);
  // A deployed version open read-only over the editor; the draft's keys are off meanwhile.
  const [viewing, setViewing] = useState<number | null>(null);
  const nextNotice = useRef(1);
  const clipboard = useRef<ClipboardContent | null>(null);

  const notify = useCallback((message: string, tone: NoticeTone = 'info') => {
    const id = nextNotice.current++;
    setNotices((list) => [...list.slice(-3), { id, message, tone }]);
    setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), tone === 'error' ? 8_000 : 4_000);
  }, []);

  const problemNodes = useMemo(() => new Set(problems.flatMap((p) => (p.nodeId ? [p.nodeId] : []))), [problems]);
  const commandContext = useMemo(() => contextFromSpecs(specs), [specs]);
  store.setContext(commandContext);
  const context: EditorContextValue = useMemo(
    () => ({ pipelineId, store, metrics, specs, commandContext, problemNodes, notify }),
    [pipelineId, store, metrics, specs, commandContext, problemNodes, notify],
  );

  const live = useLiveMetrics(pipelineId, metrics);
  const actions = usePipelineActions({ pipelineId, store, setProblems, setActiveVersion, notify });
  useEditorShortcuts(store, adapter, { save: actions.save, enabled: () => viewing === null, clipboard });

  const pickProblem = (p: Problem) => {
    if (!p.nodeId) return;
    store.run(select, { nodes: [p.nodeId] });
    setTab('inspector');
    void flow.fitView({ nodes: [{ id: p.nodeId }], duration: 250, maxZoom: 1.2 });
  };

  return (
    <EditorContextProvider value={context}>
      <div className="sf-editor" data-testid="editor">
        <PipelineHeader activeVersion={activeVersion} live={live} onShowLiveChanges={() => setTab('versions')}>
          <Toolbar
            adapter={adapter}
            busy={actions.busy}
            onSave={actions.save}
            onValidate={actions.validate}
            onDeploy={(note) => actions.deploy(note)}
            onImport={actions.importFile}
          />
        </PipelineHeader>
        <Palette />
        <main className="sf-main">
          <SafeModeBanner pipelineId={pipelineId} />
          {/* Metrics streaming for a deployed version: the pipeline runs, so its nodes have pictures. */}
          <Canvas adapter={adapter} clipboard={clipboard} thumbnails={{ running: activeVersion !== null && live === 'live' }} />
          <ProblemsPanel problems={problems} onPick={pickProblem} onClose={() => setProblems([])} />
        </main>
        <aside className="sf-side">
          <nav className="sf-tabs">
            <button type="button" className={tab === 'inspector' ? 'is-active' : ''} onClick={() => setTab('inspector')} data-testid="tab-inspector">
              Inspector
            </button>
            <button type="button" className={tab === 'versions' ? 'is-active' : ''} onClick={() => setTab('versions')} data-testid="tab-versions">
              Versions
            </button>
            <button type="button" className={tab === 'commerce' ? 'is-active' : ''} onClick={() => setTab('commerce')} data-testid="tab-commerce">
              Commerce
            </button>
            <button type="button" className={tab === 'live' ? 'is-active' : ''} onClick={() => setTab('live')} data-testid="tab-live">
              Go live
            </button>
          </nav>
          {tab === 'inspector' ? (
            <Inspector />
          ) : tab === 'commerce' ? (
            <CommercePanel pipelineId={pipelineId} />
          ) : tab === 'live' ? null : (
            <VersionsPanel pipelineId={pipelineId} onRollback={actions.rollback} onOpen={setViewing} busy={!!actions.busy} />
          )}
          {/* Stays mounted on other tabs: leaving the tab must not stop the camera. */}
          <div hidden={tab !== 'live'}>
            <GoLivePanel />
          </div>
        </aside>
        <NavigationGuard save={actions.save} />
        {viewing !== null && (
          <VersionViewer
            version={viewing}
            busy={!!actions.busy}
            onClose={() => setViewing(null)}
            onRollback={(v) => {
              setViewing(null);
              void actions.rollback(v);
            }}
          />
        )}
        <Notices notices={notices} onDismiss={(id) => setNotices((l) => l.filter((n) => n.id !== id))} />
      </div>
    </EditorContextProvider>
  );
}
