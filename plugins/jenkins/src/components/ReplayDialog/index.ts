export { ReplayDialog, replayRequest } from './ReplayDialog';
export { ScriptDiff } from './ScriptDiff';
export { diffHunks, diffSummary, lineDiff } from './lineDiff';
export type { DiffLine, DiffHunk } from './lineDiff';
