// The first page: the rubrics served — for a unit with its own status, for the
// bureau with every rubric file, the ones not served with their diagnostics.
'use strict';

Desk.start(async (me) => {
  const { el, say, api, enc, statusChip, when } = Desk;
  const main = document.getElementById('main');
  Desk.bar(me.role === 'bureau' ? say('bureau') : me.name, []);
  const list = el('ul', { class: 'cards' });
  main.replaceChildren(el('h2', {}, say('rubrics')), list);
  if (me.role === 'bureau') {
    const r = await api('GET', '/catalog');
    for (const rubric of r.body) {
      list.append(el('li', { class: 'card' + (rubric.served ? '' : ' broken') },
        el('h3', {}, rubric.served ? el('a', { href: '/r/' + enc(rubric.id) }, rubric.title) : rubric.id),
        el('p', { class: 'muted' }, rubric.id + (rubric.year ? ' · ' + say('year') + ' ' + rubric.year : '') + ' · ' + rubric.path),
        rubric.served ? null : el('p', { class: 'error' }, say('notServed')),
        rubric.problems.length ? el('pre', { class: 'diagnostics' }, rubric.problems.join('\n\n')) : null,
        rubric.warnings.length ? el('details', {}, el('summary', {}, say('warnings') + ' (' + rubric.warnings.length + ')'),
          el('pre', { class: 'diagnostics' }, rubric.warnings.join('\n'))) : null));
    }
    main.append(el('p', {}, el('button', { type: 'button', onclick: async () => {
      await api('POST', '/reload');
      location.reload();
    } }, say('reload'))));
    return;
  }
  const r = await api('GET', '/rubrics');
  for (const rubric of r.body) {
    const mine = await api('GET', '/rubrics/' + enc(rubric.id) + '/submissions');
    const latest = mine.body && mine.body[0];
    list.append(el('li', { class: 'card' },
      el('h3', {}, el('a', { href: '/r/' + enc(rubric.id) }, rubric.title)),
      el('p', { class: 'muted' }, (rubric.year ? say('year') + ' ' + rubric.year + ' · ' : '') + rubric.id),
      latest
        ? el('p', {}, statusChip(latest.status), ' ', say('version') + ' ' + latest.version + ' · ' +
          say('total') + ' ' + (latest.total || '—') + ' · ' + say('grade') + ' ' + (latest.grade || '—') + ' · ' + when(latest.submitted_at))
        : null));
  }
});
