// The bureau's desk for one rubric: every unit with its status, total, grade,
// findings and last change (GET …/desk), the batch report's ranking, grade
// counts and section chart (GET …/export/json, exactly `rubric batch`'s JSON),
// refreshed every few seconds; exports, imports and the audit log.
'use strict';

Desk.start(async (me) => {
  const { el, say, api, enc, when, statusChip } = Desk;
  const rubricId = document.body.dataset.rubric;
  const base = '/rubrics/' + enc(rubricId);
  const main = document.getElementById('main');
  const form = (await api('GET', base + '/form')).body;
  const title = form.title + (form.year ? '（' + form.year + '）' : '');
  Desk.bar(title, [[title, null]]);

  const counts = el('p', { class: 'counts', 'aria-live': 'polite' });
  const units = el('div', { class: 'scroll' });
  const ranking = el('div', { class: 'scroll' });
  const grades = el('div', {});
  const chart = el('div', {});
  const imported = el('div', { role: 'status' });
  const audit = el('div', { class: 'scroll' });
  const exportLinks = ['xlsx', 'csv', 'html', 'json', 'md'].map((f) =>
    el('a', { class: 'button', href: '/api/v1' + base + '/export/' + f + '?lang=' + Desk.lang, download: rubricId + '.' + f }, f.toUpperCase()));
  const files = el('input', { type: 'file', id: 'import-files', multiple: true, accept: '.xlsx,.csv,.toml,.json,.yaml,.yml', onchange: () => importFiles(files) });
  const folder = el('input', { type: 'file', id: 'import-folder', webkitdirectory: true, onchange: () => importFiles(folder) });
  main.replaceChildren(
    el('p', { class: 'tools' }, el('a', { class: 'button', id: 'edit-rubric', href: '/r/' + enc(rubricId) + '/edit' }, say('editRubric'))),
    el('section', {}, el('h2', {}, say('overview')), counts, units),
    el('div', { class: 'two' },
      el('section', {}, el('h2', {}, say('ranking')), ranking),
      el('section', {}, el('h2', {}, say('gradeCounts')), grades, el('h2', {}, say('sectionChart')), chart)),
    el('section', {}, el('h2', {}, say('exports')), el('p', { class: 'muted' }, say('exportNote')), el('div', { class: 'tools' }, exportLinks)),
    el('section', {}, el('h2', {}, say('importUnits')),
      el('div', { class: 'tools' },
        el('label', { for: 'import-files', class: 'button' }, say('chooseFiles')), files,
        el('label', { for: 'import-folder', class: 'button' }, say('chooseFolder')), folder),
      imported),
    el('section', {}, el('h2', {}, say('auditLog')), audit));

  const renderUnits = (list) => {
    const byStatus = {};
    for (const u of list) byStatus[u.status] = (byStatus[u.status] || 0) + 1;
    counts.replaceChildren(...['not_started', 'draft', 'submitted', 'returned', 'accepted'].map((s) =>
      el('span', { class: 'count' }, statusChip(s), ' ', String(byStatus[s] || 0))), el('span', { class: 'muted' }, say('live')));
    units.replaceChildren(el('table', { class: 'list', id: 'units' },
      el('thead', {}, el('tr', {}, [say('unit'), say('status'), say('version'), say('total'), say('grade'), say('findings'), say('lastChange'), say('comment')]
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, list.map((u) => el('tr', { 'data-unit': u.unit },
        el('th', { scope: 'row' }, u.version ? el('a', { href: '/r/' + enc(rubricId) + '/u/' + enc(u.unit) }, u.unit) : u.unit),
        el('td', {}, statusChip(u.status)),
        el('td', { class: 'num' }, u.version || '—'),
        el('td', { class: 'num' }, u.total || '—'),
        el('td', {}, u.grade || '—'),
        el('td', { class: 'num' }, u.findings === null ? '—' : u.findings),
        el('td', {}, when(u.last_change)),
        el('td', {}, u.comment || ''))))));
  };

  // A horizontal bar: value of max, as a percentage width.
  const bar = (label, value, max, text) => {
    const share = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
    const fill = el('span', { class: 'fill' });
    fill.style.width = (share * 100).toFixed(1) + '%';
    return el('div', { class: 'barrow' }, el('span', { class: 'barlabel' }, label), el('span', { class: 'track' }, fill), el('span', { class: 'num' }, text));
  };

  const renderSummary = (summary) => {
    if (!summary) {
      ranking.replaceChildren(el('p', { class: 'muted' }, say('nothingYet')));
      grades.replaceChildren();
      chart.replaceChildren();
      return;
    }
    const ranked = summary.results.filter((r) => r.rank !== null).sort((a, b) => a.rank - b.rank);
    ranking.replaceChildren(el('table', { class: 'list', id: 'ranking' },
      el('thead', {}, el('tr', {}, ['#', say('unit'), say('total'), say('grade'), say('findings')].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ranked.map((r) => el('tr', {},
        el('td', { class: 'num' }, r.rank), el('th', { scope: 'row' }, r.label), el('td', { class: 'num' }, r.total),
        el('td', {}, r.grade || '—'), el('td', { class: 'num' }, r.findings))))));
    const most = Math.max(1, ...summary.grades.map((g) => g.units));
    grades.replaceChildren(...summary.grades.map((g) => bar(g.grade, g.units, most, g.units + ' ' + say('units'))));
    chart.replaceChildren(...summary.sections.filter((s) => s.depth === 0).map((s) =>
      bar(s.name, Number(s.mean), Number(s.weight), (s.mean || '—') + ' / ' + s.weight)));
  };

  const renderAudit = (events) => {
    audit.replaceChildren(el('table', { class: 'list' },
      el('thead', {}, el('tr', {}, [say('when'), say('who'), say('what'), say('unit'), say('detail')].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, events.map((e) => el('tr', {},
        el('td', {}, when(e.at)), el('td', {}, e.actor), el('td', {}, Desk.action(e.action)), el('td', {}, e.unit || ''), el('td', {}, e.detail))))));
  };

  let seen = '';
  const refresh = async () => {
    const [desk, log] = await Promise.all([api('GET', base + '/desk'), api('GET', '/audit?rubric=' + enc(rubricId) + '&limit=100')]);
    if (desk.status !== 200) return;
    renderUnits(desk.body);
    if (log.status === 200) renderAudit(log.body);
    const signature = JSON.stringify(desk.body.map((u) => [u.unit, u.version, u.status]));
    if (signature !== seen) {
      seen = signature;
      const summary = await api('GET', base + '/export/json');
      renderSummary(summary.status === 200 ? summary.body : null);
    }
  };

  const importFiles = async (input) => {
    const chosen = Array.from(input.files || []).filter((f) => /\.(xlsx|csv|toml|json|ya?ml)$/i.test(f.name) && !f.name.startsWith('~$'));
    input.value = '';
    let done = 0;
    const refused = [];
    for (const file of chosen) {
      const r = await api('POST', base + '/import?name=' + enc(file.name), file, 'application/octet-stream');
      if (r.status === 200) {
        done += r.body.imported.length;
        refused.push(...r.body.refused);
      } else refused.push({ source: file.name, error: r.body && r.body.error ? r.body.error : String(r.status), problems: [] });
    }
    imported.replaceChildren(el('p', { class: 'ok' }, say('imported', { n: done })),
      refused.length ? el('div', { class: 'error' }, el('p', {}, say('refusedN', { n: refused.length })),
        el('ul', {}, refused.map((r) => el('li', {}, el('strong', {}, r.source), ' — ', r.error,
          r.problems.length ? el('ul', {}, r.problems.map((p) => el('li', {}, (p.path ? p.path + ' — ' : '') + p.message))) : null)))) : null);
    refresh();
  };

  await refresh();
  setInterval(refresh, 5000);
  document.body.classList.add('ready');
});
