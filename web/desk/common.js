// The desk's shared helpers: the language, the words of the pages, the JSON
// API (with the session's token against cross-site requests), a small DOM
// builder and the page's top bar. No library: plain, small JavaScript.
'use strict';

const Desk = (() => {
  const stored = (() => { try { return localStorage.getItem('rubric-lang'); } catch (e) { return null; } })();
  const lang = stored === 'en' ? 'en' : 'zh';
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';

  // Every word the pages say, in both languages.
  const WORDS = {
    loading: ['加载中…', 'Loading…'],
    signOut: ['退出', 'Sign out'],
    switchLang: ['English', '中文'],
    home: ['首页', 'Home'],
    bureau: ['财政局', 'Bureau'],
    rubrics: ['评分表', 'Rubrics'],
    notServed: ['未提供（评分表有错误）', 'Not served (the rubric has errors)'],
    warnings: ['提示', 'Warnings'],
    open: ['打开', 'Open'],
    year: ['年度', 'Year'],
    unit: ['单位', 'Unit'],
    status: ['状态', 'Status'],
    total: ['总分', 'Total'],
    grade: ['等级', 'Grade'],
    findings: ['审核发现', 'Audit findings'],
    lastChange: ['最近变动', 'Last change'],
    version: ['版本', 'Version'],
    not_started: ['未开始', 'Not started'],
    draft: ['草稿', 'Draft'],
    submitted: ['已提交', 'Submitted'],
    returned: ['已退回', 'Returned'],
    accepted: ['已通过', 'Accepted'],
    computed: ['计算', 'computed'],
    judged: ['评定', 'judged'],
    not_applicable: ['缺省项', 'not applicable'],
    unverified: ['未核实', 'unverified'],
    error: ['待填/有误', 'to fill / wrong'],
    score: ['得分', 'Score'],
    weight: ['分值', 'Weight'],
    selfScore: ['自评分', 'Self-assessed'],
    selfSubtotal: ['自评小计', 'Self-assessed subtotal'],
    selfTotal: ['自评总分', 'Self-assessed total'],
    selfGrade: ['自评等级', 'Self-assessed grade'],
    subtotal: ['小计', 'Subtotal'],
    yes: ['是', 'Yes'],
    no: ['否', 'No'],
    judgedScore: ['评定分', "Evaluator's score"],
    claimNA: ['申报为缺省项，理由：', 'Claim as 缺省项, because:'],
    naWhen: ['缺省项条件', '缺省项 when'],
    rule: ['计分规则', 'Rule'],
    submit: ['提交', 'Submit'],
    submitting: ['提交中…', 'Submitting…'],
    saved: ['已保存', 'Saved'],
    saving: ['保存中…', 'Saving…'],
    unsaved: ['未保存到服务器（已存于本机，恢复连接后自动保存）', 'Not saved to the server (kept in this browser; saved when the connection returns)'],
    upload: ['上传已填文件（Excel/TOML/JSON/YAML）', 'Upload a filled file (Excel/TOML/JSON/YAML)'],
    downloadToml: ['下载 TOML', 'Download TOML'],
    downloadXlsx: ['下载 Excel', 'Download Excel'],
    print: ['打印计分表', 'Print the score sheet'],
    history: ['历史版本', 'Versions'],
    problems: ['数据问题', 'Problems in the data'],
    noProblems: ['没有数据问题', 'No problems in the data'],
    noFindings: ['没有审核发现', 'No audit findings'],
    naList: ['缺省项', '缺省项 (not applicable)'],
    totalPending: ['待全部填写后计算', 'computed once everything is filled in'],
    itemsScored: ['已计分指标', 'Items scored'],
    returnedBanner: ['财政局退回了第 {v} 版，意见：', 'The bureau returned version {v}:'],
    acceptedBanner: ['财政局已通过第 {v} 版。', 'The bureau accepted version {v}.'],
    submittedBanner: ['已提交第 {v} 版，等待财政局审核。再次提交将形成新版本。', 'Version {v} is submitted and awaits review. Submitting again makes a new version.'],
    submittedNow: ['已提交第 {v} 版：总分 {t}，等级 {g}。', 'Version {v} submitted: total {t}, grade {g}.'],
    refused: ['未提交：数据有问题，请按下列提示修改。', 'Not submitted: the data has problems; see below.'],
    uploadLoaded: ['已读入 {f}，请核对后提交。', 'Read {f}: check it, then submit.'],
    unitName: ['单位名称', 'Unit'],
    inputsOther: ['其他数据', 'Other data'],
    overview: ['各单位情况', 'Units'],
    ranking: ['排名', 'Ranking'],
    gradeCounts: ['等级分布', 'Grades'],
    sectionChart: ['各部分平均得分', 'Mean score of each section'],
    exports: ['导出', 'Export'],
    importUnits: ['导入（数据文件、文件夹或表格）', 'Import (data files, a folder or a sheet)'],
    auditLog: ['操作记录', 'Audit log'],
    accept: ['通过', 'Accept'],
    return: ['退回', 'Return'],
    comment: ['退回意见', 'Comment'],
    commentNeeded: ['退回时请填写意见', 'Say why it is returned'],
    reviews: ['审核记录', 'Reviews'],
    report: ['计分结果', 'Report'],
    view: ['查看', 'View'],
    when: ['时间', 'When'],
    who: ['操作人', 'Who'],
    what: ['操作', 'What'],
    detail: ['说明', 'Detail'],
    imported: ['已导入 {n} 个单位', 'Imported {n} unit(s)'],
    refusedN: ['{n} 个未导入：', '{n} refused:'],
    nothingYet: ['尚无提交', 'Nothing submitted yet'],
    reload: ['重新读取评分表', 'Reload the rubrics'],
    level1: ['一级指标', 'Level 1'],
    level2: ['二级指标', 'Level 2'],
    level3: ['三级指标', 'Level 3'],
    explain: ['说明', 'Explanation'],
    printNow: ['打印', 'Print'],
    draftOf: ['（草稿）', '(draft)'],
    by: ['提交人', 'By'],
    source: ['来源', 'Source'],
    mean: ['平均', 'mean'],
    bonus: ['加分项', 'bonus'],
    deduction: ['减分项', 'deduction'],
    units: ['个单位', 'units'],
    downloadJson: ['下载 JSON', 'Download JSON'],
    live: ['每 5 秒自动刷新', 'Refreshed every 5 seconds'],
    exportNote: ['与 rubric batch 的输出完全一致', "Exactly what rubric batch writes"],
    chooseFiles: ['选择文件', 'Choose files'],
    chooseFolder: ['选择文件夹', 'Choose a folder'],
    'sign-in': ['登录', 'signed in'],
    submit_action: ['提交', 'submitted'],
    accept_action: ['通过', 'accepted'],
    return_action: ['退回', 'returned'],
    import: ['导入', 'imported'],
    export: ['导出', 'exported'],
    'access.add': ['授权', 'granted access'],
    'access.revoke': ['撤销授权', 'revoked access'],
    form: ['在线填报', 'the form'],
    upload_source: ['上传文件', 'an upload'],
    api: ['接口', 'the API'],
    reviewComment: ['审核意见（退回时必填，单位可见）', 'Comment (required to return; the unit sees it)'],
    'draft.save': ['保存评分表草稿', 'saved a rubric draft'],
    publish: ['发布评分表', 'published a rubric'],
    editRubric: ['编辑评分表', 'Edit the rubric'],
  };
  // A page's own words, added to the shared ones.
  const words = (more) => Object.assign(WORDS, more);
  const say = (key, values) => {
    const pair = WORDS[key];
    let text = pair ? pair[lang === 'en' ? 1 : 0] : key;
    for (const [k, v] of Object.entries(values || {})) text = text.split('{' + k + '}').join(String(v));
    return text;
  };

  // An element: el('p', {class: 'x', onclick: f}, 'text', child, …). Text is
  // always a text node, never parsed as HTML.
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'style') Object.assign(node.style, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  let me = null;
  // Calls the JSON API: resolves to {status, body (parsed JSON, or text)}.
  const api = async (method, path, body, type, extra) => {
    const url = '/api/v1' + path + (path.includes('?') ? '&' : '?') + 'lang=' + lang;
    const headers = {};
    if (me && me.csrf && method !== 'GET') headers['X-CSRF-Token'] = me.csrf;
    if (body !== undefined) headers['Content-Type'] = type || 'application/json';
    const response = await fetch(url, Object.assign({ method, headers, body, credentials: 'same-origin' }, extra || {}));
    const text = await response.text();
    let parsed = text;
    try { parsed = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
    return { status: response.status, body: parsed, text };
  };

  const when = (iso) => {
    if (!iso) return '—';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
  };

  const enc = encodeURIComponent;
  // "(0–3)" after a label, in the language's own brackets.
  const range = (max) => (lang === 'en' ? ' (0–' + max + ')' : '（0–' + max + '）');

  // The top bar: where you are, who you are, the language switch, sign out.
  const bar = (title, crumbs) => {
    const header = document.getElementById('bar');
    header.replaceChildren(
      el('nav', { class: 'crumbs', 'aria-label': 'breadcrumb' },
        el('a', { href: '/' }, say('home')),
        (crumbs || []).map(([text, href]) => [' › ', href ? el('a', { href }, text) : el('span', {}, text)])),
      el('h1', {}, title),
      el('div', { class: 'who' },
        me ? el('span', {}, me.role === 'bureau' ? say('bureau') + ' · ' + me.name : me.name) : null,
        el('button', { type: 'button', class: 'link', onclick: () => {
          try { localStorage.setItem('rubric-lang', lang === 'en' ? 'zh' : 'en'); } catch (e) { /* private mode */ }
          location.reload();
        } }, say('switchLang')),
        el('button', { type: 'button', class: 'link', onclick: async () => {
          await api('POST', '/logout');
          location.href = '/';
        } }, say('signOut'))));
    document.title = title;
  };

  const start = async (run) => {
    const r = await api('GET', '/me');
    if (r.status !== 200) { location.reload(); return; }
    me = r.body;
    try { await run(me); } catch (e) {
      document.getElementById('main').replaceChildren(el('p', { class: 'error', role: 'alert' }, String(e)));
      throw e;
    }
  };

  const statusChip = (status) => el('span', { class: 'chip s-' + status }, say(status));
  // An audit log's action in words.
  const action = (code) => say(['submit', 'accept', 'return'].includes(code) ? code + '_action' : code);

  return { lang, say, words, el, api, when, enc, range, bar, start, statusChip, action, get me() { return me; } };
})();
