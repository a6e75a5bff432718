// The rubric page (the bureau only): the rubric's text in CodeMirror 6 with the
// language server's own diagnostics (POST /api/v1/check, as the author types),
// hovers (POST /api/v1/hover), completions and quick fixes; drafts saved as
// versions; the impact of a draft on every unit's stored submission; and
// publishing a draft as next year's rubric.
'use strict';

Desk.start(async () => {
  const { el, say, api, enc } = Desk;
  const CMx = window.CM;
  const rubricId = document.body.dataset.rubric;
  const base = '/rubrics/' + enc(rubricId);
  const main = document.getElementById('main');
  const [served, language, listed] = await Promise.all([
    api('GET', base + '/text'), api('GET', '/language'), api('GET', base + '/text/drafts')]);
  if (served.status !== 200) throw new Error(served.body && served.body.error ? served.body.error : String(served.status));
  const rubricTitle = served.body.title + (served.body.year ? '（' + served.body.year + '）' : '');
  Desk.bar(say('editor'), [[rubricTitle, '/r/' + enc(rubricId)], [say('editor'), null]]);

  let drafts = listed.body || [];
  let current = { kind: 'served' };
  let basedOn = served.body.hash;
  let savedDoc = null;

  // ---- the page's parts.
  const editing = el('strong', { id: 'editing' });
  const dirty = el('span', { id: 'dirty', class: 'warn' });
  const status = el('span', { id: 'check-status', 'aria-live': 'polite' });
  const note = el('input', { id: 'note', type: 'text', maxlength: 500, placeholder: say('note'), 'aria-label': say('note') });
  const saveButton = el('button', { type: 'button', id: 'save', class: 'primary', onclick: () => save() }, say('saveDraft'));
  const impactButton = el('button', { type: 'button', id: 'impact', onclick: () => runImpact() }, say('impact'));
  const publishToggle = el('button', { type: 'button', id: 'publish-open', 'aria-expanded': 'false', onclick: () => togglePublish() }, say('publishOpen'));
  const message = el('div', { id: 'message', role: 'status' });
  const host = el('div', { id: 'editor', class: 'editor-host' });
  const problemsBox = el('div', { id: 'problems' });
  const versionsBox = el('div', {});
  const impactBox = el('div', { id: 'impact-result', 'aria-live': 'polite' });
  const newId = el('input', { id: 'publish-id', type: 'text', placeholder: nextId(), 'aria-describedby': 'publish-hint' });
  const publishPanel = el('section', { id: 'publish-panel', class: 'panel', hidden: true },
    el('h2', {}, say('publishOpen').replace('…', '')),
    el('p', { id: 'publish-hint', class: 'muted' }, say('publishHint')),
    el('div', { class: 'tools' }, el('label', { for: 'publish-id' }, say('publishId')), newId,
      el('button', { type: 'button', id: 'publish', class: 'primary', onclick: () => publish() }, say('publishNow'))),
    el('div', { id: 'publish-result', role: 'status' }));
  main.classList.add('wide');
  main.replaceChildren(
    el('div', { class: 'edittools' }, el('div', { class: 'state' }, editing, dirty, status),
      el('div', { class: 'tools' }, note, saveButton, impactButton, publishToggle)),
    message,
    el('div', { class: 'editgrid' },
      el('section', { class: 'editpane' }, host, el('h2', {}, say('problemsTitle')), problemsBox),
      el('section', { class: 'sidepane' }, el('h2', {}, say('versions')), versionsBox)),
    publishPanel,
    el('section', {}, el('h2', {}, say('impactTitle')), impactBox));

  // ---- places: the server's {line, character} (UTF-16, as CodeMirror counts) ↔ offsets.
  const offset = (doc, place) => {
    if (place.line + 1 > doc.lines) return doc.length;
    const line = doc.line(place.line + 1);
    return Math.min(line.from + place.character, line.to);
  };
  const place = (doc, pos) => {
    const line = doc.lineAt(pos);
    return { line: line.number - 1, character: pos - line.from };
  };
  const post = (path, body) => api('POST', path, JSON.stringify(body));

  // ---- diagnostics as the author types: the language server's, with their quick fixes.
  let view = null;
  const goTo = (d) => {
    const doc = view.state.doc;
    view.dispatch({ selection: { anchor: offset(doc, d.range.start), head: offset(doc, d.range.end) }, scrollIntoView: true });
    view.focus();
  };
  const lint = async (v) => {
    const doc = v.state.doc;
    status.textContent = say('checking');
    const r = await post('/check', { text: doc.toString() });
    if (r.status !== 200) { status.textContent = say('failed') + (r.body && r.body.error || r.status); return []; }
    const { errors, warnings, diagnostics } = r.body;
    status.textContent = errors + warnings ? say('issues', { e: errors, w: warnings }) : say('noIssues');
    status.className = errors ? 'error' : (warnings ? 'warn' : 'ok');
    problemsBox.replaceChildren(EditorParts.problems(diagnostics, goTo));
    document.body.dataset.checks = String(Number(document.body.dataset.checks || 0) + 1);
    return diagnostics.map((d) => {
      const from = offset(doc, d.range.start);
      return {
        from, to: Math.max(from, offset(doc, d.range.end)), severity: d.severity, source: d.code,
        message: d.message + (d.help ? '\n' + say('help') + d.help : ''),
        actions: d.fixes.map((f) => {
          const shift = offset(doc, f.range.start) - from;
          const length = offset(doc, f.range.end) - offset(doc, f.range.start);
          return { name: f.title, apply: (target, at) => target.dispatch({ changes: { from: at + shift, to: at + shift + length, insert: f.text } }) };
        }),
      };
    });
  };

  // ---- hovers and completions: the language server's.
  const hover = CMx.hoverTooltip(async (v, pos) => {
    const doc = v.state.doc;
    const r = await post('/hover', { text: doc.toString(), position: place(doc, pos) });
    if (r.status !== 200 || !r.body || v.state.doc !== doc) return null;
    return { pos: offset(doc, r.body.range.start), end: offset(doc, r.body.range.end), above: true,
      create: () => ({ dom: el('div', { class: 'hover', id: 'hover' }, EditorParts.markdown(r.body.markdown)) }) };
  }, { hoverTime: 300 });
  const kinds = { keyword: 'keyword', input: 'variable', let: 'variable', function: 'function', unit: 'constant', id: 'constant' };
  const complete = async (context) => {
    const word = context.matchBefore(/[\p{L}\p{N}_]+/u);
    if (!context.explicit && !word) return null;
    const doc = context.state.doc;
    const r = await post('/complete', { text: doc.toString(), position: place(doc, context.pos) });
    if (r.status !== 200 || !r.body.items.length) return null;
    return {
      from: offset(doc, r.body.range.start),
      options: r.body.items.map((c, i) => ({ label: c.label, type: kinds[c.kind], detail: c.detail || undefined, boost: 99 - Math.min(i, 198),
        info: c.documentation ? () => EditorParts.markdown(c.documentation) : undefined })),
      validFor: /^[\p{L}\p{N}_]*$/u,
    };
  };

  const t = CMx.tags;
  const colours = CMx.HighlightStyle.define([
    { tag: t.keyword, color: '#0b5cad', fontWeight: '600' }, { tag: t.string, color: '#116329' },
    { tag: t.number, color: '#953800' }, { tag: t.comment, color: '#6e7781', fontStyle: 'italic' },
    { tag: t.operator, color: '#a40e26' }, { tag: t.function(t.variableName), color: '#8250df' }]);
  const extensions = [
    CMx.lineNumbers(), CMx.highlightActiveLineGutter(), CMx.highlightSpecialChars(), CMx.history(), CMx.drawSelection(),
    CMx.indentOnInput(), CMx.bracketMatching(), CMx.closeBrackets(), CMx.highlightActiveLine(), CMx.highlightSelectionMatches(),
    CMx.indentUnit.of('  '), CMx.StreamLanguage.define(EditorParts.mode(language.body)), CMx.syntaxHighlighting(colours),
    CMx.linter(lint, { delay: 400 }), CMx.lintGutter(), hover, CMx.autocompletion({ override: [complete] }),
    CMx.keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => { save(); return true; } },
      ...CMx.closeBracketsKeymap, ...CMx.defaultKeymap, ...CMx.searchKeymap, ...CMx.historyKeymap, ...CMx.completionKeymap, ...CMx.lintKeymap]),
    CMx.EditorView.updateListener.of((u) => { if (u.docChanged) showDirty(); }),
    CMx.EditorView.cspNonce.of(document.body.dataset.nonce || ''),
    CMx.EditorView.contentAttributes.of({ 'aria-label': say('editorLabel') }),
    CMx.EditorView.lineWrapping,
  ];
  const showDirty = () => { dirty.textContent = savedDoc && view.state.doc.eq(savedDoc) ? '' : say('unsavedChanges'); };
  const load = (text) => {
    const state = CMx.EditorState.create({ doc: text, extensions });
    if (view) view.setState(state); else view = new CMx.EditorView({ state, parent: host });
    savedDoc = view.state.doc;
    showDirty();
  };

  // ---- versions: the served text and the drafts.
  const renderVersions = () => {
    editing.textContent = say('editing', { what: current.kind === 'draft' ? say('draftN', { n: current.version }) : say('servedText') });
    versionsBox.replaceChildren(EditorParts.versions(served.body, drafts, current, open));
  };
  const refreshVersions = async () => {
    const r = await api('GET', base + '/text/drafts');
    if (r.status === 200) drafts = r.body;
    renderVersions();
  };
  const open = async (which) => {
    if (savedDoc && !view.state.doc.eq(savedDoc) && !window.confirm(say('discard'))) return;
    if (which.kind === 'served') {
      current = which; basedOn = served.body.hash; load(served.body.text);
    } else {
      const r = await api('GET', base + '/text/drafts/' + which.version);
      if (r.status !== 200) return failure(message, r);
      current = which; basedOn = r.body.based_on; load(r.body.text);
    }
    renderVersions();
  };

  const failure = (box, r) => box.replaceChildren(el('p', { class: 'error', role: 'alert' }, say('failed') + (r.body && r.body.error ? r.body.error : r.status)));
  const refusal = (body) => el('div', { class: 'error refusal' }, el('p', {}, body.error || say('needsFix')), EditorParts.problems(body.problems || [], goTo));

  // ---- saving, impact, publishing.
  const save = async () => {
    const text = view.state.doc.toString();
    const doc = view.state.doc;
    saveButton.disabled = true;
    const r = await post(base + '/text/drafts', { text, note: note.value, based_on: basedOn });
    saveButton.disabled = false;
    if (r.status !== 201 && r.status !== 200) { failure(message, r); return null; }
    current = { kind: 'draft', version: r.body.version };
    savedDoc = doc;
    note.value = '';
    showDirty();
    message.replaceChildren(el('p', { class: 'ok' }, say(r.body.saved ? 'savedAs' : 'sameAs', { n: r.body.version })));
    await refreshVersions();
    return r.body.version;
  };
  const savedVersion = async () => (current.kind === 'draft' && savedDoc && view.state.doc.eq(savedDoc) ? current.version : save());
  const runImpact = async () => {
    const version = await savedVersion();
    if (!version) return;
    impactButton.disabled = true;
    impactBox.replaceChildren(el('p', { class: 'muted' }, say('loading')));
    const r = await api('POST', base + '/text/drafts/' + version + '/impact');
    impactButton.disabled = false;
    if (r.status === 200) impactBox.replaceChildren(...EditorParts.impact(r.body));
    else if (r.status === 422) impactBox.replaceChildren(refusal(r.body));
    else failure(impactBox, r);
    impactBox.scrollIntoView({ block: 'nearest' });
  };
  function nextId() {
    const year = served.body.year;
    return year && rubricId.includes(String(year)) ? rubricId.replace(String(year), String(year + 1)) : rubricId + '-' + ((year || 0) + 1);
  }
  const togglePublish = () => {
    publishPanel.hidden = !publishPanel.hidden;
    publishToggle.setAttribute('aria-expanded', String(!publishPanel.hidden));
    if (!publishPanel.hidden) newId.focus();
  };
  const publish = async () => {
    const result = document.getElementById('publish-result');
    const version = await savedVersion();
    if (!version) return;
    const wanted = newId.value.trim();
    const r = await api('POST', base + '/text/drafts/' + version + '/publish', wanted ? JSON.stringify({ id: wanted }) : undefined);
    if (r.status === 201) {
      result.replaceChildren(el('p', { class: 'ok' }, say('published', { id: r.body.id, y: r.body.year }), ' ',
        el('a', { href: '/r/' + enc(r.body.id), id: 'published-link' }, say('openPublished'))));
      await refreshVersions();
    } else if (r.status === 422) result.replaceChildren(refusal(r.body));
    else failure(result, r);
  };

  if (drafts.length) await open({ kind: 'draft', version: drafts[0].version });
  else { load(served.body.text); renderVersions(); }
  document.body.classList.add('ready');
});
