// The print view: a unit's report laid out like the official 计分表 — a
// submitted version (?unit=…&version=n), or the unit's draft scored now.
'use strict';

Desk.start(async (me) => {
  const { el, say, api, enc, when } = Desk;
  const rubricId = document.body.dataset.rubric;
  const base = '/rubrics/' + enc(rubricId);
  const query = new URLSearchParams(location.search);
  const unit = me.unit || query.get('unit') || '';
  const version = query.get('version');
  const main = document.getElementById('main');
  const form = (await api('GET', base + '/form')).body;
  document.body.classList.add('print');
  Desk.bar(form.title, [[form.title, '/r/' + enc(rubricId)], [unit, null]]);

  let report = null;
  let note = '';
  if (version) {
    report = (await api('GET', base + '/submissions/' + enc(unit) + '?version=' + enc(version))).body;
    note = say('version') + ' ' + version;
  } else {
    const draft = await api('GET', base + '/drafts/' + enc(unit) + '/download?format=json');
    const scored = await api('POST', base + '/score', draft.status === 200 ? draft.text : '{}');
    report = scored.status === 200 ? scored.body : scored.body.report;
    note = say('draftOf');
  }
  main.replaceChildren(
    el('div', { class: 'noprint tools' }, el('button', { type: 'button', class: 'primary', onclick: () => window.print() }, say('printNow'))),
    el('h2', { class: 'sheet-title' }, form.title + (form.year ? '（' + form.year + '年度）' : '')),
    el('p', {}, say('unit') + '：' + unit + ' · ' + note + ' · ' + when(new Date().toISOString())),
    Report.table(report),
    el('h3', {}, say('findings')), Report.findings(report));
  document.body.classList.add('ready');
});
