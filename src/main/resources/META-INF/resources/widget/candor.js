// Candor storefront widget: <candor-reviews> and <candor-stars>, one dependency-free ES module.
// It talks to nothing but the Candor API, by default on the origin this file was loaded from, and puts
// every piece of user text on the page with textContent, never as HTML.

const DEFAULT_BASE = new URL('../', import.meta.url).href;
const REASONS = ['spam', 'offensive', 'hate', 'harassment', 'personal-information', 'conflict-of-interest', 'off-topic', 'illegal', 'incentivized', 'other'];
const ASPECTS = ['asDescribed', 'communication', 'delivery'];
const INCENTIVES = ['none', 'free_product', 'discount', 'payment'];

const TEXT = {
  en: {
    heading: 'Customer reviews', outOf: '{a} out of 5', reviews: ['{n} review', '{n} reviews'],
    noAverage: 'Not enough reviews for an average yet', weighted: 'Weighted average: {a}', how: 'How ratings work',
    asDescribed: 'Item as described', communication: 'Communication', delivery: 'Delivery',
    bar: '{s} stars: {n} ({p}%). Show only these', bar1: '1 star: {n} ({p}%). Show only these',
    sort: 'Sort by', helpful: 'Most helpful', newest: 'Newest', highest: 'Highest rating', lowest: 'Lowest rating',
    rating: 'Rating', all: 'All ratings', stars: ['{n} star', '{n} stars'], search: 'Search reviews', go: 'Search', clear: 'Show all',
    'verified-purchase': 'Verified purchase', anonymous: 'Anonymous', anon: 'Review anonymously instead', edited: 'Edited', redacted: 'Redacted', rated: 'Rated {n} out of 5',
    'i-free_product': 'Received the product free', 'i-discount': 'Received a discount', 'i-payment': 'Paid for this review',
    incentive: 'Did you receive anything for this review?', 'i-none': 'Nothing', badInvitation: 'This invitation link has expired or is not valid.',
    gallery: 'Photos', photos: 'Photos (optional)', alt: 'Describe photo {n} for people who cannot see it', removePhoto: 'Remove photo {n}',
    photoOf: 'Photo {n} of {c}', close: 'Close', reportPhoto: 'Report this photo', prev: 'Previous photo', next: 'Next photo', uploading: 'Uploading photos…',
    notCounted: ['{n} review whose author received something for it is shown but not counted', '{n} reviews whose authors received something for them are shown but not counted'],
    response: 'Response from the seller', wasHelpful: 'Helpful?', yes: 'Yes ({n})', no: 'No ({n})', found: ['{n} person found this helpful', '{n} people found this helpful'],
    voted: 'Thank you for your vote.', report: 'Report', reason: 'Reason', details: 'What is wrong with it?', send: 'Send report', cancel: 'Cancel',
    reported: 'Thank you. A moderator will look at it.',
    'r-spam': 'Spam', 'r-offensive': 'Offensive', 'r-hate': 'Hate', 'r-harassment': 'Harassment', 'r-personal-information': 'Personal information',
    'r-conflict-of-interest': 'Conflict of interest', 'r-off-topic': 'Off topic', 'r-illegal': 'Illegal', 'r-incentivized': 'Paid or incentivised', 'r-other': 'Something else',
    more: 'Show more reviews', shown: ['{n} more review shown', '{n} more reviews shown'], none: 'No reviews yet.', noMatch: 'No reviews match.',
    loadFailed: 'Reviews could not be loaded.', failed: 'That did not work: {d}',
    write: 'Write a review', edit: 'Edit your review', yourRating: 'Your rating', title: 'Title (optional)', body: 'Your review',
    optional: 'No rating', publish: 'Publish review', save: 'Save changes', status: 'Status: {s}',
    published: 'Thank you! Your review is published.', held: 'Thank you! Your review appears once a moderator has checked it.',
    sealed: 'Thank you! Your review stays sealed until the seller has left feedback or the waiting time is over.',
    saved: 'Your changes are saved.', 'st-published': 'published', 'st-held': 'waiting for a moderator',
    'st-sealed': 'sealed until the seller has left feedback', 'st-removed': 'removed by a moderator, who sent you the reasons and how to appeal',
    'st-withdrawn': 'withdrawn', stale: 'Your review changed in the meantime; the latest version is loaded.',
    expired: 'Your sign-in has expired. Reload the page and try again.'
  },
  de: {
    heading: 'Kundenbewertungen', outOf: '{a} von 5', reviews: ['{n} Bewertung', '{n} Bewertungen'],
    noAverage: 'Noch zu wenige Bewertungen für einen Durchschnitt', weighted: 'Gewichteter Durchschnitt: {a}', how: 'So entstehen Bewertungen',
    asDescribed: 'Artikel wie beschrieben', communication: 'Kommunikation', delivery: 'Lieferung',
    bar: '{s} Sterne: {n} ({p} %). Nur diese zeigen', bar1: '1 Stern: {n} ({p} %). Nur diese zeigen',
    sort: 'Sortieren nach', helpful: 'Hilfreichste', newest: 'Neueste', highest: 'Beste Bewertung', lowest: 'Schlechteste Bewertung',
    rating: 'Bewertung', all: 'Alle Bewertungen', stars: ['{n} Stern', '{n} Sterne'], search: 'Bewertungen durchsuchen', go: 'Suchen', clear: 'Alle zeigen',
    'verified-purchase': 'Verifizierter Kauf', anonymous: 'Anonym', anon: 'Stattdessen anonym bewerten', edited: 'Bearbeitet', redacted: 'Geschwärzt', rated: 'Mit {n} von 5 bewertet',
    'i-free_product': 'Produkt kostenlos erhalten', 'i-discount': 'Rabatt erhalten', 'i-payment': 'Für diese Bewertung bezahlt',
    incentive: 'Haben Sie für diese Bewertung etwas erhalten?', 'i-none': 'Nichts', badInvitation: 'Dieser Einladungslink ist abgelaufen oder ungültig.',
    gallery: 'Fotos', photos: 'Fotos (optional)', alt: 'Beschreiben Sie Foto {n} für Menschen, die es nicht sehen können', removePhoto: 'Foto {n} entfernen',
    photoOf: 'Foto {n} von {c}', close: 'Schließen', reportPhoto: 'Dieses Foto melden', prev: 'Vorheriges Foto', next: 'Nächstes Foto', uploading: 'Fotos werden hochgeladen …',
    notCounted: ['{n} Bewertung, für die etwas gegeben wurde, wird gezeigt, aber nicht mitgezählt', '{n} Bewertungen, für die etwas gegeben wurde, werden gezeigt, aber nicht mitgezählt'],
    response: 'Antwort des Verkäufers', wasHelpful: 'Hilfreich?', yes: 'Ja ({n})', no: 'Nein ({n})', found: ['{n} Person fand das hilfreich', '{n} Personen fanden das hilfreich'],
    voted: 'Danke für Ihre Stimme.', report: 'Melden', reason: 'Grund', details: 'Was stimmt nicht?', send: 'Meldung senden', cancel: 'Abbrechen',
    reported: 'Danke. Eine Moderatorin oder ein Moderator sieht es sich an.',
    'r-spam': 'Spam', 'r-offensive': 'Beleidigend', 'r-hate': 'Hass', 'r-harassment': 'Belästigung', 'r-personal-information': 'Persönliche Daten',
    'r-conflict-of-interest': 'Interessenkonflikt', 'r-off-topic': 'Themenfremd', 'r-illegal': 'Rechtswidrig', 'r-incentivized': 'Bezahlt oder belohnt', 'r-other': 'Etwas anderes',
    more: 'Weitere Bewertungen zeigen', shown: ['{n} weitere Bewertung gezeigt', '{n} weitere Bewertungen gezeigt'], none: 'Noch keine Bewertungen.',
    noMatch: 'Keine passenden Bewertungen.', loadFailed: 'Bewertungen konnten nicht geladen werden.', failed: 'Das hat nicht geklappt: {d}',
    write: 'Bewertung schreiben', edit: 'Ihre Bewertung bearbeiten', yourRating: 'Ihre Bewertung', title: 'Titel (optional)', body: 'Ihr Text',
    optional: 'Keine Angabe', publish: 'Bewertung veröffentlichen', save: 'Änderungen speichern', status: 'Status: {s}',
    published: 'Danke! Ihre Bewertung ist veröffentlicht.', held: 'Danke! Ihre Bewertung erscheint, sobald sie geprüft wurde.',
    sealed: 'Danke! Ihre Bewertung bleibt verschlossen, bis der Verkäufer Feedback gegeben hat oder die Wartezeit vorbei ist.',
    saved: 'Ihre Änderungen sind gespeichert.', 'st-published': 'veröffentlicht', 'st-held': 'wartet auf die Moderation',
    'st-sealed': 'verschlossen, bis der Verkäufer Feedback gegeben hat', 'st-removed': 'von der Moderation entfernt; die Gründe und wie Sie widersprechen können, wurden Ihnen mitgeteilt',
    'st-withdrawn': 'zurückgezogen', stale: 'Ihre Bewertung wurde inzwischen geändert; die neueste Fassung ist geladen.',
    expired: 'Ihre Anmeldung ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es noch einmal.'
  }
};

const CSS = `
:host{display:block;font:inherit;color:var(--candor-text,inherit);--a:var(--candor-accent,#0b5cad);--m:var(--candor-muted,#57606a);--b:var(--candor-border,#d0d7de);--s:var(--candor-star,#a14f00);--r:var(--candor-radius,8px)}
:host([hidden]){display:none}
*{box-sizing:border-box}
h2,h3,h4,p{margin:0}
h2{font-size:1.2em}h3{font-size:1.05em}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.st{position:relative;display:inline-block;white-space:nowrap;color:var(--candor-star-empty,#6e7781);letter-spacing:1px;line-height:1}
.st i{position:absolute;left:0;top:0;overflow:hidden;color:var(--s);font-style:normal}
.sum{display:flex;flex-wrap:wrap;gap:1em 2em;padding:1em;border:1px solid var(--b);border-radius:var(--r);background:var(--candor-surface,transparent)}
.score{display:flex;flex-direction:column;gap:.3em;min-width:11em}
.avg{font-size:2.2em;font-weight:700;line-height:1}
.m{color:var(--m);font-size:.9em}
.hist{list-style:none;padding:0;margin:0;flex:1 1 14em;display:grid;gap:.25em}
.hist button{display:grid;grid-template-columns:3.2em 1fr 2.5em;gap:.5em;align-items:center;width:100%;background:none;border:1px solid transparent;border-radius:4px;padding:.1em .25em;color:inherit;font:inherit;cursor:pointer;text-align:left}
.hist button[aria-pressed=true]{border-color:var(--a);background:var(--candor-surface,#f6f8fa)}
.bar{height:.7em;border-radius:.35em;background:var(--candor-track,#eaeef2);overflow:hidden}
.bar span{display:block;height:100%;background:var(--s)}
.asp{list-style:none;padding:0;margin:0;display:grid;gap:.2em;flex:1 1 12em}
.ctl{display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:end;margin:1em 0}
.f{display:flex;flex-direction:column;gap:.2em;font-size:.9em}
select,input,textarea,button{font:inherit;color:inherit}
select,input,textarea{padding:.35em;border:1px solid #8c959f;border-radius:calc(var(--r)*.75);background:var(--candor-field,#fff);max-width:100%}
form.q{display:flex;gap:.4em;align-items:end;flex-wrap:wrap}
.btn{padding:.4em .85em;border-radius:calc(var(--r)*.75);border:1px solid var(--a);background:var(--a);color:var(--candor-accent-text,#fff);cursor:pointer}
.btn.alt{background:transparent;color:var(--a)}
.lnk{background:none;border:none;padding:0;color:var(--a);text-decoration:underline;cursor:pointer}
:focus-visible{outline:3px solid var(--candor-focus,var(--a));outline-offset:2px}
a{color:var(--a)}
ol{list-style:none;padding:0;margin:0}
article{padding:1em 0;border-bottom:1px solid var(--b);display:grid;gap:.4em}
.tags{display:flex;flex-wrap:wrap;gap:.3em}
.tag{font-size:.8em;padding:0 .5em;border-radius:1em;border:1px solid var(--b)}
.body{white-space:pre-line;overflow-wrap:anywhere}
.resp{border-left:3px solid var(--b);padding-left:.8em;display:grid;gap:.2em}
.acts{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center}
fieldset{border:1px solid var(--b);border-radius:var(--r);display:grid;gap:.6em;padding:.8em;margin:0}
.rate{display:flex;flex-wrap:wrap;gap:.2em .8em;border:none;padding:0}
.rate label{display:flex;gap:.3em;align-items:center}
.ok{color:var(--candor-ok,#116329);font-weight:600}
.err{color:var(--candor-error,#a40e26);font-weight:600}
details.w{margin:1em 0}
details.w summary{cursor:pointer;color:var(--a);font-weight:600}
.more{margin-top:1em}
.ph{display:flex;flex-wrap:wrap;gap:.4em;list-style:none;padding:0;margin:0}
.ph.col{flex-direction:column}
.ph button{padding:0;border:1px solid var(--b);border-radius:4px;background:none;cursor:zoom-in;line-height:0}
.ph img,.pe img{width:72px;height:72px;object-fit:cover;border-radius:3px}
.pe{display:grid;grid-template-columns:72px 1fr auto;gap:.5em;align-items:center}
dialog{max-width:min(94vw,1000px);border:none;border-radius:var(--r);padding:.8em;display:grid;gap:.5em}
dialog:not([open]){display:none}
dialog::backdrop{background:rgba(0,0,0,.8)}
dialog img{max-width:100%;max-height:75vh;width:auto;height:auto;margin:auto}
`;

const pick = lang => TEXT[(lang || '').toLowerCase().slice(0, 2)] ? (lang || '').toLowerCase().slice(0, 2) : 'en';
const sheet = (() => {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(CSS);
    return s;
  } catch {
    return null;
  }
})();

// Element builder: attributes as given, children as nodes or text (strings become text nodes, never markup).
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) if (kid != null && kid !== false) e.append(kid);
  return e;
}

// A labelled form control: the label names only its control (an id is unique inside each shadow root).
let fields = 0;
function field(text, control) {
  control.id = 'f' + ++fields;
  return h('div', {class: 'f'}, h('label', {for: control.id, text}), control);
}

function stars(value) {
  const fg = h('i', null, '★★★★★');
  fg.style.width = Math.max(0, Math.min(100, (value || 0) * 20)) + '%';
  return h('span', {class: 'st', 'aria-hidden': 'true'}, '★★★★★', fg);
}

class Base extends HTMLElement {
  constructor() {
    super();
    this.root = this.attachShadow({mode: 'open'});
    if (sheet) this.root.adoptedStyleSheets = [sheet];
    else this.root.append(h('style', null, CSS));
  }

  get base() {
    const api = this.getAttribute('api');
    return api ? (api.endsWith('/') ? api : api + '/') : DEFAULT_BASE;
  }

  get locale() {
    return pick(this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  // vars.count picks the plural form; the other vars are put into the text as given
  t(key, vars = {}) {
    let s = TEXT[this.locale][key] ?? TEXT.en[key];
    if (Array.isArray(s)) s = s[new Intl.PluralRules(this.locale).select(vars.count ?? 0) === 'one' ? 0 : 1];
    return s.replace(/\{(\w)\}/g, (_, k) => vars[k]);
  }

  num(x, digits = 1) {
    return new Intl.NumberFormat(this.locale, {minimumFractionDigits: digits, maximumFractionDigits: digits}).format(x);
  }

  int(n) {
    return new Intl.NumberFormat(this.locale).format(n);
  }

  // "4.3 out of 5, 128 reviews"
  label(summary) {
    const count = this.t('reviews', {n: this.int(summary.count), count: summary.count});
    return summary.average == null ? count : this.t('outOf', {a: this.num(summary.average)}) + ', ' + count;
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent('candor:' + type, {detail, bubbles: true, composed: true}));
  }
}

async function call(el, path, {method = 'GET', body, token, etag, fresh, key} = {}) {
  const headers = {Accept: 'application/json'};
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (etag) headers['If-Match'] = etag;
  if (key) headers['Idempotency-Key'] = key;
  const res = await fetch(el.base + path, {method, headers, credentials: 'omit', cache: fresh ? 'no-cache' : 'default',
    body: body === undefined ? undefined : JSON.stringify(body)});
  let data = null;
  if (res.status !== 204) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = new Error(data?.errors?.map(x => x.message).join('; ') || data?.detail || res.statusText || String(res.status));
    e.status = res.status;
    e.type = data?.type;
    throw e;
  }
  return {data, etag: res.headers.get('ETag')};
}

// One request for every <candor-stars> created in the same tick, up to 100 subjects each.
const batches = new Map();
const known = new Map();

function summaryOf(el, subject) {
  const id = el.base + '\n' + el.getAttribute('tenant');
  const cached = known.get(id + '\n' + subject);
  if (cached) return cached;
  let batch = batches.get(id);
  if (!batch) {
    batch = {el, waiting: new Map()};
    batches.set(id, batch);
    queueMicrotask(() => flush(id));
  }
  const promise = new Promise((resolve, reject) => {
    if (!batch.waiting.has(subject)) batch.waiting.set(subject, []);
    batch.waiting.get(subject).push({resolve, reject});
  });
  known.set(id + '\n' + subject, promise);
  return promise;
}

async function flush(id) {
  const {el, waiting} = batches.get(id);
  batches.delete(id);
  const subjects = [...waiting.keys()];
  for (let i = 0; i < subjects.length; i += 100) {
    const chunk = subjects.slice(i, i + 100);
    try {
      const {data} = await call(el, `api/v1/public/${encodeURIComponent(el.getAttribute('tenant'))}/summaries?subjects=${chunk.map(encodeURIComponent).join(',')}`);
      chunk.forEach((s, j) => waiting.get(s).forEach(w => w.resolve(data.items[j])));
    } catch (e) {
      chunk.forEach(s => waiting.get(s).forEach(w => w.reject(e)));
    }
  }
}

class CandorStars extends Base {
  async connectedCallback() {
    if (this.done) return;
    this.done = true;
    try {
      const s = await summaryOf(this, this.getAttribute('subject'));
      const text = s.count === 0 ? this.t('none') : this.label(s);
      this.root.replaceChildren(h('span', {class: 'm'},
        s.average == null ? null : stars(s.average), ' ',
        h('span', {'aria-hidden': 'true'}, s.average == null ? text : `${this.num(s.average)} (${this.int(s.count)})`),
        s.average == null ? null : h('span', {class: 'sr'}, text)));
    } catch {
      this.root.replaceChildren();
    }
  }
}

const tokens = new Set();

class CandorReviews extends Base {
  static get observedAttributes() {
    return ['token', 'lang', 'transaction'];
  }

  constructor() {
    super();
    this.q = {sort: 'helpful', rating: '', text: ''};
    this.voted = new Map();
  }

  async connectedCallback() {
    tokens.add(this);
    if (!this.ready && !this.starting) {
      this.starting = true;
      this.token = this.getAttribute('token') || this.token;
      const invitation = this.getAttribute('invitation');
      if (invitation) {
        // a review invitation's link: the line it invites a review of decides the subject and the transaction
        try {
          const {data} = await call(this, this.pub + 'invitations/' + encodeURIComponent(invitation));
          this.setAttribute('subject', `${data.subject.type}:${data.subject.ref}`);
          this.setAttribute('transaction', data.transaction);
          this.invited = true;
        } catch {
          this.invited = false;
        }
      }
      this.ready = true;
      this.render();
    }
  }

  disconnectedCallback() {
    tokens.delete(this);
  }

  attributeChangedCallback(name) {
    if (name === 'token') this.token = this.getAttribute('token');
    if (this.ready) this.render();
  }

  /** Hands the widget a buyer's token (or null to sign out), e.g. after the host page refreshed it. */
  setToken(token) {
    this.token = token || null;
    if (this.ready) this.render();
  }

  get subject() {
    const [type, ...ref] = (this.getAttribute('subject') || '').split(':');
    return {type, ref: ref.join(':')};
  }

  get pub() {
    return `api/v1/public/${encodeURIComponent(this.getAttribute('tenant'))}/`;
  }

  render() {
    if (this.invited === false && !this.getAttribute('subject')) {
      // an invitation page names no product of its own: without a valid invitation there is nothing to show
      return this.root.replaceChildren(h('section', {'aria-label': this.t('heading')}, h('p', {class: 'err', text: this.t('badInvitation')})));
    }
    this.live = h('p', {class: 'sr', 'aria-live': 'polite'});
    this.sumEl = h('div');
    this.listEl = h('ol');
    this.moreEl = h('div', {class: 'more'});
    this.writeEl = h('div');
    this.anonEl = h('div');
    this.root.replaceChildren(h('section', {'aria-label': this.t('heading')},
      this.sumEl, this.writeEl, this.anonEl, this.controls(), this.live, this.listEl, this.moreEl));
    this.loadSummary(false);
    this.loadList(false, false);
    this.loadOwn();
    // a token's or an author secret's link (the fragment never reaches a server)
    if (/candor-(token|author)=/.test(location.hash)) this.anon();
    if (this.invited === false) this.writeEl.replaceChildren(h('p', {class: 'err', text: this.t('badInvitation')}));
  }

  async loadSummary(fresh) {
    const {type, ref} = this.subject;
    try {
      const {data: s} = await call(this, `${this.pub}subjects/${type}/${encodeURIComponent(ref)}/summary`, {fresh});
      this.summary = s;
      this.drawSummary(s);
      this.emit('ready', {summary: s});
    } catch {
      this.sumEl.replaceChildren(h('p', {class: 'err', text: this.t('loadFailed')}));
    }
  }

  drawSummary(s) {
    const score = h('div', {class: 'score'},
      h('h2', {text: this.t('heading')}),
      s.average == null ? h('p', {class: 'm', text: this.t('noAverage')})
        : h('p', null, h('span', {class: 'avg', 'aria-hidden': 'true'}, this.num(s.average)), ' ', stars(s.average)),
      h('p', {class: 'sr', 'data-summary': true, text: this.label(s)}),
      h('p', {class: 'm', 'aria-hidden': 'true', text: this.t('reviews', {n: this.int(s.count), count: s.count})}),
      s.weightedAverage == null ? null : h('p', {class: 'm', text: this.t('weighted', {a: this.num(s.weightedAverage, 2)})}),
      s.incentivized?.count && !s.incentivized.counted ? h('p', {class: 'm', text: this.t('notCounted', {n: this.int(s.incentivized.count), count: s.incentivized.count})}) : null,
      h('a', {href: new URL(`policy/${encodeURIComponent(this.getAttribute('tenant'))}`, this.base).href, text: this.t('how')}));
    const hist = h('ul', {class: 'hist'});
    for (let n = 5; n >= 1; n--) {
      const count = s.histogram[n] || 0;
      const p = s.count ? Math.round(count * 100 / s.count) : 0;
      const fill = h('span');
      fill.style.width = p + '%';
      hist.append(h('li', null, h('button', {type: 'button', 'aria-pressed': String(this.q.rating === String(n)),
        'aria-label': this.t(n === 1 ? 'bar1' : 'bar', {s: n, n: this.int(count), p}),
        onclick: () => this.filter(this.q.rating === String(n) ? '' : String(n))},
      h('span', {'aria-hidden': 'true'}, `${n} ★`), h('span', {class: 'bar', 'aria-hidden': 'true'}, fill),
      h('span', {'aria-hidden': 'true'}, this.int(count)))));
    }
    const aspects = s.aspects && ASPECTS.filter(a => s.aspects[a] != null);
    this.sumEl.replaceChildren(h('div', {class: 'sum'}, score, hist, aspects?.length
      ? h('ul', {class: 'asp'}, aspects.map(a => h('li', null, `${this.t(a)}: `, h('strong', {text: this.num(s.aspects[a])}))))
      : null));
  }

  controls() {
    const sort = h('select', {onchange: e => this.set({sort: e.target.value})},
      ['helpful', 'newest', 'highest', 'lowest'].map(v => h('option', {value: v, selected: this.q.sort === v, text: this.t(v)})));
    this.ratingSel = h('select', {onchange: e => this.filter(e.target.value)},
      h('option', {value: '', text: this.t('all')}),
      [5, 4, 3, 2, 1].map(n => h('option', {value: String(n), selected: this.q.rating === String(n), text: this.t('stars', {n, count: n})})));
    const text = h('input', {type: 'search', value: this.q.text, maxlength: '200'});
    return h('div', {class: 'ctl'},
      field(this.t('sort'), sort),
      field(this.t('rating'), this.ratingSel),
      h('form', {class: 'q', role: 'search', onsubmit: e => {
        e.preventDefault();
        this.set({text: text.value.trim()});
      }}, field(this.t('search'), text), h('button', {class: 'btn alt', type: 'submit', text: this.t('go')})));
  }

  filter(rating) {
    this.ratingSel.value = rating;
    this.set({rating});
    if (this.summary) this.drawSummary(this.summary);
  }

  set(change) {
    Object.assign(this.q, change);
    this.loadList(false, false);
  }

  async loadList(more, fresh) {
    const {type, ref} = this.subject;
    const p = new URLSearchParams({sort: this.q.sort, limit: '10'});
    if (this.q.rating) p.set('rating', this.q.rating);
    if (this.q.text) p.set('q', this.q.text);
    if (more && this.cursor) p.set('cursor', this.cursor);
    const asked = p.toString();
    this.asked = asked;
    try {
      const {data} = await call(this, `${this.pub}subjects/${type}/${encodeURIComponent(ref)}/reviews?${asked}`, {fresh});
      if (this.asked !== asked) return;
      this.cursor = data.nextCursor;
      if (!more) this.listEl.replaceChildren();
      data.items.forEach(r => this.listEl.append(h('li', null, this.review(r))));
      if (!more && !data.items.length) this.listEl.append(h('li', {class: 'm', text: this.q.rating || this.q.text ? this.t('noMatch') : this.t('none')}));
      if (more) this.say(this.t('shown', {n: this.int(data.items.length), count: data.items.length}));
      this.moreEl.replaceChildren(data.nextCursor ? h('button', {class: 'btn alt', type: 'button', text: this.t('more'),
        onclick: () => this.loadList(true, false)}) : '');
    } catch {
      this.listEl.replaceChildren(h('li', {class: 'err', text: this.t('loadFailed')}));
    }
  }

  say(text) {
    this.live.textContent = text;
  }

  date(iso) {
    return new Intl.DateTimeFormat(this.locale, {dateStyle: 'medium'}).format(new Date(iso));
  }

  review(r) {
    const art = h('article', {'data-review': r.id},
      h('p', null, stars(r.rating), h('span', {class: 'sr', text: this.t('rated', {n: r.rating})})),
      r.title ? h('h3', {text: r.title}) : null,
      h('p', {class: 'm'}, h('span', {text: r.author.handle}), ' · ', h('time', {datetime: r.createdAt, text: this.date(r.createdAt)})),
      r.labels.length ? h('p', {class: 'tags'}, r.labels.map(l => h('span', {class: 'tag', text: this.t(l === 'incentivized' ? 'i-' + r.incentive : l)}))) : null,
      h('p', {class: 'body', text: r.body}),
      r.photos?.length ? h('ul', {class: 'ph', 'aria-label': this.t('gallery')}, r.photos.map((p, i) => h('li', null,
        h('button', {type: 'button', onclick: e => this.viewer(r.photos, i, e.currentTarget)},
          h('img', {src: this.url(p.thumb.url), alt: p.alt, loading: 'lazy', decoding: 'async', width: p.thumb.width, height: p.thumb.height}))))) : null,
      r.aspects ? h('p', {class: 'm', text: ASPECTS.filter(a => r.aspects[a] != null).map(a => `${this.t(a)}: ${r.aspects[a]}/5`).join(' · ')}) : null,
      r.response ? h('div', {class: 'resp'}, h('h4', {text: this.t('response')}),
        h('p', {class: 'm'}, h('time', {datetime: r.response.createdAt, text: this.date(r.response.createdAt)})),
        h('p', {class: 'body', text: r.response.body})) : null,
      this.actions(r));
    return art;
  }

  url(path) {
    return new URL(path, this.base).href;
  }

  // A modal viewer: the display size with its alt text as caption; arrow keys or buttons move, Escape or Close
  // closes and focus returns to the thumbnail that opened it.
  viewer(photos, start, opener) {
    let i = start;
    const img = h('img', {decoding: 'async'});
    const cap = h('p');
    const count = h('p', {class: 'm', 'aria-live': 'polite'});
    const show = () => {
      const p = photos[i];
      Object.assign(img, {src: this.url(p.url), alt: p.alt, width: p.width, height: p.height});
      cap.textContent = p.alt;
      count.textContent = this.t('photoOf', {n: i + 1, c: photos.length});
    };
    const go = d => {
      i = (i + d + photos.length) % photos.length;
      show();
    };
    const many = photos.length > 1;
    const note = h('p', {role: 'status'});
    const report = this.token ? h('button', {type: 'button', class: 'lnk', 'aria-expanded': 'false', text: this.t('reportPhoto'),
      onclick: e => this.reportForm({type: 'photo', id: photos[i].id}, e.target, note)}) : null;
    const dlg = h('dialog', {'aria-label': this.t('gallery'),
      onkeydown: e => many && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && go(e.key === 'ArrowLeft' ? -1 : 1),
      onclose: () => {
        dlg.remove();
        opener?.focus();
      }},
    h('div', {class: 'acts'}, count,
      many ? h('button', {type: 'button', class: 'btn alt', text: this.t('prev'), onclick: () => go(-1)}) : null,
      many ? h('button', {type: 'button', class: 'btn alt', text: this.t('next'), onclick: () => go(1)}) : null,
      h('button', {type: 'button', class: 'btn', text: this.t('close'), onclick: () => dlg.close()})),
    img, cap, report ? h('div', null, report) : null, note);
    this.root.append(dlg);
    show();
    dlg.showModal();
  }

  actions(r) {
    const note = h('p', {role: 'status'});
    if (!this.token) {
      return r.helpful.up ? h('p', {class: 'm', text: this.t('found', {n: this.int(r.helpful.up), count: r.helpful.up})}) : null;
    }
    const mine = this.voted.get(r.id);
    const vote = helpful => async () => {
      try {
        await call(this, `api/v1/reviews/${r.id}/vote`, {method: 'PUT', body: {helpful}, token: this.token});
        this.voted.set(r.id, helpful);
        const {data} = await call(this, `${this.pub}reviews/${r.id}`, {fresh: true});
        const fresh = this.review(data);
        box.closest('article').replaceWith(fresh);
        fresh.querySelector('[role=status]').textContent = this.t('voted');
        this.emit('vote', {review: r.id, helpful});
      } catch (e) {
        this.fail(note, e);
      }
    };
    const box = h('div', {class: 'acts'},
      h('span', {class: 'm', text: this.t('wasHelpful')}),
      h('button', {type: 'button', class: 'btn alt', 'aria-pressed': String(mine === true), onclick: vote(true), text: this.t('yes', {n: this.int(r.helpful.up)})}),
      h('button', {type: 'button', class: 'btn alt', 'aria-pressed': String(mine === false), onclick: vote(false), text: this.t('no', {n: this.int(r.helpful.down)})}),
      h('button', {type: 'button', class: 'lnk', 'aria-expanded': 'false', onclick: e => this.reportForm({type: 'review', id: r.id}, e.target, note), text: this.t('report')}));
    return h('div', null, box, note);
  }

  // target: {type: 'review' | 'photo', id}
  reportForm(target, opener, note) {
    if (opener.getAttribute('aria-expanded') === 'true') return;
    opener.setAttribute('aria-expanded', 'true');
    const reason = h('select', {required: true}, h('option', {value: '', text: '—'}), REASONS.map(v => h('option', {value: v, text: this.t('r-' + v)})));
    const details = h('textarea', {required: true, rows: '3', maxlength: '2000'});
    const close = () => {
      form.remove();
      opener.setAttribute('aria-expanded', 'false');
      opener.focus();
    };
    const form = h('form', {onsubmit: async e => {
      e.preventDefault();
      try {
        await call(this, 'api/v1/reports', {method: 'POST', token: this.token, key: newKey(),
          body: {target, reason: reason.value, details: details.value}});
        close();
        note.className = 'ok';
        note.textContent = this.t('reported');
        this.emit('report', {[target.type]: target.id, reason: reason.value});
      } catch (err) {
        this.fail(msg, err);
      }
    }}, h('fieldset', null, h('legend', {text: this.t('report')}),
      field(this.t('reason'), reason), field(this.t('details'), details),
      h('div', {class: 'acts'}, h('button', {class: 'btn', type: 'submit', text: this.t('send')}),
        h('button', {class: 'btn alt', type: 'button', onclick: close, text: this.t('cancel')}))));
    const msg = h('p', {role: 'alert'});
    form.append(msg);
    opener.closest('div').after(form);
    reason.focus();
  }

  fail(where, e) {
    where.className = 'err';
    where.textContent = e.status === 401 ? this.t('expired') : this.t('failed', {d: e.message});
    if (e.status === 401) this.emit('unauthenticated', {});
  }

  // The signed-in buyer's own review of this subject from the host page's transaction, if written already.
  async loadOwn() {
    const tx = this.getAttribute('transaction');
    this.own = null;
    if (!this.token || !tx) return this.writeEl.replaceChildren();
    try {
      let cursor = null;
      for (let page = 0; page < 10 && !this.own; page++) {
        const {data} = await call(this, 'api/v1/me/reviews?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''), {token: this.token, fresh: true});
        this.own = data.items.find(r => r.transaction === tx && r.subject.type === this.subject.type && r.subject.ref === this.subject.ref) || null;
        cursor = data.nextCursor;
        if (!cursor) break;
      }
      if (this.own) {
        const {data, etag} = await call(this, `api/v1/me/reviews/${this.own.id}`, {token: this.token, fresh: true});
        this.own = data;
        this.etag = etag;
      }
      this.writeForm(this.invited === true && !this.own);
    } catch (e) {
      this.writeEl.replaceChildren(h('p', {class: 'err', text: e.status === 401 ? this.t('expired') : this.t('loadFailed')}));
    }
  }

  // anonymous reviews: their module is loaded only when asked for (docs/anonymous-reviews.md)
  anon() {
    import(new URL('anonymous.js', import.meta.url).href).then(m => m.start(this, this.anonEl));
  }

  writeForm(open, message, ok) {
    const own = this.own;
    const uid = Math.random().toString(36).slice(2);
    const rating = h('fieldset', {class: 'rate'}, h('legend', {text: this.t('yourRating')}),
      [1, 2, 3, 4, 5].map(n => h('label', null, h('input', {type: 'radio', name: 'rating-' + uid, value: String(n), required: true, checked: own?.rating === n}),
        this.t('stars', {n, count: n}))));
    const title = h('input', {type: 'text', maxlength: '120', value: own?.title || ''});
    const body = h('textarea', {rows: '5', maxlength: '5000', required: true});
    body.value = own?.body || '';
    const aspects = this.subject.type === 'seller' ? ASPECTS.map(a => {
      const sel = h('select', {name: a}, h('option', {value: '', text: this.t('optional')}),
        [5, 4, 3, 2, 1].map(n => h('option', {value: String(n), selected: own?.aspects?.[a] === n, text: this.t('stars', {n, count: n})})));
      return field(this.t(a), sel);
    }) : [];
    const incentive = h('select', null, INCENTIVES.map(i => h('option', {value: i, selected: (own?.incentive || 'none') === i, text: this.t('i-' + i)})));
    const msg = h('p', {role: ok ? 'status' : 'alert', class: ok ? 'ok' : 'err', text: message || ''});
    // photos: the review's own, then new files; each needs alt text; new files are uploaded on submit
    const pics = (own?.photos || []).map(p => ({id: p.id, alt: p.alt, src: this.url(p.thumb.url)}));
    const list = h('ul', {class: 'ph col'});
    const file = h('input', {type: 'file', accept: 'image/jpeg,image/png,image/webp', multiple: true, onchange: () => {
      for (const f of file.files) if (pics.length < 6) pics.push({file: f, alt: '', src: URL.createObjectURL(f)});
      file.value = '';
      draw();
    }});
    const draw = () => list.replaceChildren(...pics.map((p, k) => {
      const alt = h('input', {type: 'text', required: true, maxlength: '250', value: p.alt || '', oninput: () => p.alt = alt.value});
      return h('li', {class: 'pe'}, h('img', {src: p.src, alt: ''}), field(this.t('alt', {n: k + 1}), alt),
        h('button', {type: 'button', class: 'lnk', text: this.t('removePhoto', {n: k + 1}), onclick: () => {
          pics.splice(k, 1);
          draw();
          file.focus();
        }}));
    }));
    draw();
    const form = h('form', {onsubmit: async e => {
      e.preventDefault();
      const chosen = rating.querySelector('input:checked');
      const data = {rating: Number(chosen.value), title: title.value, body: body.value, incentive: incentive.value};
      try {
        if (pics.some(p => p.file)) msg.textContent = this.t('uploading');
        for (const p of pics) {
          if (p.file) {
            p.id = await upload(this, p.file);
            delete p.file;
          }
        }
      } catch (err) {
        return this.fail(msg, err);
      }
      if (pics.length || own) data.photos = pics.map(p => ({id: p.id, alt: p.alt}));
      if (aspects.length) {
        data.aspects = {};
        aspects.forEach(l => {
          const s = l.querySelector('select');
          if (s.value) data.aspects[s.name] = Number(s.value);
        });
      }
      this.submit(data, msg);
    }}, h('fieldset', null, h('legend', {text: own ? this.t('edit') : this.t('write')}),
      own ? h('p', {class: 'm', text: this.t('status', {s: this.t('st-' + own.status)})}) : null,
      rating, field(this.t('title'), title), field(this.t('body'), body), aspects, field(this.t('incentive'), incentive),
      field(this.t('photos'), file), list,
      h('div', null, h('button', {class: 'btn', type: 'submit', text: own ? this.t('save') : this.t('publish')}),
        own ? null : h('button', {type: 'button', class: 'lnk', text: this.t('anon'), onclick: () => this.anon()})), msg));
    this.writeEl.replaceChildren(h('details', {class: 'w', open: open || null}, h('summary', {text: own ? this.t('edit') : this.t('write')}), form));
  }

  async submit(data, msg) {
    const {type, ref} = this.subject;
    try {
      let res;
      if (this.own) {
        res = await call(this, `api/v1/reviews/${this.own.id}`, {method: 'PATCH', body: data, token: this.token, etag: this.etag});
      } else {
        res = await call(this, 'api/v1/reviews', {method: 'POST', token: this.token, key: newKey(),
          body: {transaction: this.getAttribute('transaction'), subject: {type, ref}, ...data}});
      }
      const created = !this.own;
      this.own = res.data;
      this.etag = res.etag;
      const st = res.data.status;
      this.writeForm(true, created || st === 'held' ? this.t(st) : this.t('saved'), true);
      this.emit('review-submitted', {id: res.data.id, status: res.data.status});
      this.loadSummary(true);
      this.loadList(false, true);
    } catch (e) {
      if (e.status === 412 || e.status === 409) {
        await this.loadOwn();
        this.writeForm(true, this.t('stale'), false);
        return;
      }
      this.fail(msg, e);
    }
  }
}

// A photo's bytes as they are: Candor recognises the format and re-encodes it without metadata.
async function upload(el, file) {
  const res = await fetch(el.base + 'api/v1/photos', {method: 'POST', credentials: 'omit', body: file,
    headers: {Authorization: 'Bearer ' + el.token, Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream'}});
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = new Error(data?.detail || res.statusText);
    e.status = res.status;
    throw e;
  }
  return data.id;
}

function newKey() {
  return globalThis.crypto?.randomUUID?.() ?? null;
}

/** For host pages: hand every <candor-reviews> on the page a buyer's token, or null to take it back. */
export const candorReviews = {
  setToken(token) {
    tokens.forEach(el => el.setToken(token));
  }
};
globalThis.candorReviews = candorReviews;

if (!customElements.get('candor-reviews')) customElements.define('candor-reviews', CandorReviews);
if (!customElements.get('candor-stars')) customElements.define('candor-stars', CandorStars);
