// A unit's submissions: every version (the earlier ones stay readable), the
// chosen version's report laid out like the 计分表, the reviews; the bureau
// accepts the latest version or returns it with a comment the unit sees.
'use strict';

Desk.start(async (me) => {
  const { el, say, api, enc, when, statusChip } = Desk;
  const rubricId = document.body.dataset.rubric;
  const unit = document.body.dataset.unit;
  const base = '/rubrics/' + enc(rubricId);
  const main = document.getElementById('main');
  const form = (await api('GET', base + '/form')).body;
  const title = form.title + (form.year ? '（' + form.year + '）' : '');
  Desk.bar(unit, [[title, '/r/' + enc(rubricId)], [unit, null]]);

  const history = (await api('GET', base + '/submissions/' + enc(unit) + '/history')).body;
  const versions = history.versions;
  if (versions.length === 0) {
    main.replaceChildren(el('p', { class: 'muted' }, say('nothingYet')));
    return;
  }
  const wanted = Number(new URLSearchParams(location.search).get('version')) || versions[0].version;
  const chosen = versions.find((v) => v.version === wanted) || versions[0];
  const latest = versions[0];
  const report = (await api('GET', base + '/submissions/' + enc(unit) + '?version=' + chosen.version)).body;

  const download = (format) => '/api/v1' + base + '/submissions/' + enc(unit) + '/download?format=' + format +
    '&version=' + chosen.version + '&lang=' + Desk.lang;
  const reviewBox = el('section', { class: 'review', 'aria-label': say('reviews') });
  if (me.role === 'bureau' && chosen.version === latest.version) {
    const comment = el('textarea', { id: 'comment', rows: 3 });
    const message = el('p', { role: 'status' });
    const send = async (action) => {
      if (action === 'return' && !comment.value.trim()) { message.textContent = say('commentNeeded'); comment.focus(); return; }
      const r = await api('POST', base + '/submissions/' + enc(unit) + '/review',
        JSON.stringify({ action, version: chosen.version, comment: comment.value }));
      if (r.status === 204) location.reload();
      else message.textContent = r.body && r.body.error ? r.body.error : String(r.status);
    };
    reviewBox.append(el('h2', {}, say('reviews')),
      el('label', { for: 'comment' }, say('reviewComment')), comment,
      el('div', { class: 'tools' },
        el('button', { type: 'button', class: 'primary', id: 'accept', onclick: () => send('accept') }, say('accept')),
        el('button', { type: 'button', id: 'return', onclick: () => send('return') }, say('return'))),
      message);
  }
  if (history.reviews.length) {
    reviewBox.append(el('ul', { class: 'reviews' }, history.reviews.map((r) =>
      el('li', {}, statusChip(r.action), ' ', say('version') + ' ' + r.version + ' · ' + when(r.at) + ' · ' + (r.by || ''),
        r.comment ? el('blockquote', {}, r.comment) : null))));
  }

  main.replaceChildren(
    el('section', {}, el('h2', {}, say('history')),
      el('div', { class: 'scroll' }, el('table', { class: 'list' },
        el('thead', {}, el('tr', {}, [say('version'), say('status'), say('total'), say('grade'), say('findings'), say('when'), say('by'), say('source')]
          .map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, versions.map((v) => el('tr', { class: v.version === chosen.version ? 'current' : null },
          el('td', {}, el('a', { href: '?version=' + v.version, 'aria-current': v.version === chosen.version ? 'true' : null }, String(v.version))),
          el('td', {}, statusChip(v.status)), el('td', { class: 'num' }, v.total || '—'), el('td', {}, v.grade || '—'),
          el('td', { class: 'num' }, v.findings), el('td', {}, when(v.submitted_at)), el('td', {}, v.submitted_by || ''), el('td', {}, say(v.source === 'upload' ? 'upload_source' : v.source)))))))),
    reviewBox,
    el('section', {}, el('h2', {}, say('report') + ' · ' + say('version') + ' ' + chosen.version),
      el('div', { class: 'tools' },
        el('a', { class: 'button', href: download('toml') }, say('downloadToml')),
        el('a', { class: 'button', href: download('xlsx') }, say('downloadXlsx')),
        el('a', { class: 'button', href: download('json') }, say('downloadJson')),
        el('a', { class: 'button', href: '/r/' + enc(rubricId) + '/print?unit=' + enc(unit) + '&version=' + chosen.version }, say('print'))),
      Report.headline(report),
      el('h3', {}, say('findings')), Report.findings(report),
      el('h3', {}, say('naList')), Report.notApplicable(report),
      el('div', { class: 'scroll' }, Report.table(report))));
  document.body.classList.add('ready');
});
