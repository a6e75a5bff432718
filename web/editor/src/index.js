// The parts of CodeMirror 6 the desk's rubric page uses, gathered into one
// global, `CM`, by build.mjs (esbuild). Nothing else of the page is bundled:
// web/desk/editor.js is plain JavaScript like the rest of the desk.
export { EditorState, StateEffect, StateField, Compartment } from '@codemirror/state';
export {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, dropCursor, rectangularSelection, crosshairCursor, hoverTooltip, ViewPlugin,
} from '@codemirror/view';
export {
  StreamLanguage, syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput, indentUnit,
} from '@codemirror/language';
export { tags } from '@lezer/highlight';
export { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
export { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
export { linter, lintGutter, lintKeymap, forceLinting, diagnosticCount, setDiagnostics } from '@codemirror/lint';
export { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
