// Candor's anonymous reviews in the browser (docs/anonymous-reviews.md), loaded by candor.js with import() only when a
// buyer chooses to review anonymously. RSA blind signatures, RFC 9474, RSABSSA-SHA384-PSS-Randomized, with the browser's
// own BigInt and WebCrypto: no library. Three pages share it, told apart by the URL fragment (never sent to a server):
//   (none)               a signed-in buyer gets a token for the line of their purchase, shown as a code and a link;
//   #candor-token=...    anyone redeems a token, with no credential and no cookie, and gets the author secret;
//   #candor-author=...   the author secret's page: the review, edit, withdraw, notices, appeal.
// All user text goes on the page with textContent.

const enc = new TextEncoder();
const b64 = bytes => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64 = text => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0));
const random = n => crypto.getRandomValues(new Uint8Array(n));
const sha384 = async bytes => new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const toInt = bytes => bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n);
const toBytes = (v, len) => {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};
const modPow = (b, e, m) => {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = b * b % m) if (e & 1n) r = r * b % m;
  return r;
};
const modInv = (a, m) => {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return (s0 % m + m) % m;
};
const gcd = (a, b) => b ? gcd(b, a % b) : a;

// EMSA-PSS-ENCODE (RFC 8017 9.1.1), SHA-384, MGF1-SHA-384
async function encode(msg, emBits, salt) {
  const emLen = Math.ceil(emBits / 8), hLen = 48;
  const h = await sha384(concat(new Uint8Array(8), await sha384(msg), salt));
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - salt.length - 1] = 1;
  db.set(salt, db.length - salt.length);
  const mask = new Uint8Array(db.length);
  for (let c = 0, at = 0; at < mask.length; c++, at += hLen) {
    const block = await sha384(concat(h, Uint8Array.of(c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255)));
    mask.set(block.slice(0, Math.min(hLen, mask.length - at)), at);
  }
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >>> (8 * emLen - emBits);
  return concat(db, h, Uint8Array.of(0xbc));
}

// The client's side of RFC 9474: Blind (4.2) and Finalize (4.4); the key is {n, e, bits, crypto (a WebCrypto key)}.
export async function blind(key, prepared, salt = random(48), inv = null) {
  const len = Math.ceil(key.bits / 8);
  const em = await encode(prepared, key.bits - 1, salt);
  const m = toInt(em);
  if (gcd(m, key.n) !== 1n) throw new Error('invalid input');
  let r;
  if (inv == null) {
    do r = toInt(random(len)) % key.n; while (r < 2n || gcd(r, key.n) !== 1n);
    inv = modInv(r, key.n);
  } else {
    r = modInv(inv, key.n);
  }
  return {blinded: toBytes(m * modPow(r, key.e, key.n) % key.n, len), encoded: em, inv};
}

export async function finalize(key, prepared, state, blindSig, saltLength = 48) {
  const len = Math.ceil(key.bits / 8);
  const sig = toBytes(toInt(blindSig) * state.inv % key.n, len);
  if (!await crypto.subtle.verify({name: 'RSA-PSS', saltLength}, key.crypto, sig, prepared)) throw new Error('invalid signature');
  return sig;
}

// An RSA public key from its JWK parts (base64url n and e): BigInts for blinding, a WebCrypto key for verifying.
export async function rsaKey(n, e, jwkAlg = 'PS384') {
  const crypto_ = await crypto.subtle.importKey('jwk', {kty: 'RSA', n, e, alg: jwkAlg, ext: true}, {name: 'RSA-PSS', hash: 'SHA-384'}, true, ['verify']);
  const N = toInt(unb64(n));
  return {n: N, e: toInt(unb64(e)), bits: N.toString(2).length, crypto: crypto_};
}

async function spkiKey(spki) {
  const k = await crypto.subtle.importKey('spki', unb64(spki), {name: 'RSA-PSS', hash: 'SHA-384'}, true, ['verify']);
  const jwk = await crypto.subtle.exportKey('jwk', k);
  return rsaKey(jwk.n, jwk.e);
}

const TEXT = {
  en: {
    getTitle: 'Review anonymously',
    getIntro: 'Candor signs a token that proves you bought this, without seeing it. Write your review with it later, from any browser: '
      + 'the review is verified, but nobody (not the shop, not Candor) can link it to you, your order or your other reviews. '
      + 'What you write can still give you away, and so can posting it right after getting the token: wait a while.',
    get: 'Get my token', getting: 'Getting your token…',
    got: 'Your token. Keep it private; use it within about a month. Write your review later with this link (open it in any browser):',
    code: 'Token', writeLater: 'Write my review with this token',
    mismatch: 'The key offered to you is not the one published for everyone; no token was made.',
    writeTitle: 'Your anonymous review', rating: 'Rating', title: 'Title (optional)', body: 'Your review', send: 'Publish anonymously',
    sending: 'Sending…', badCode: 'This token link is not valid.',
    written: 'Written. Keep this secret link: it is the only way to edit or withdraw your review, read notices about it and appeal them.',
    waiting: 'It will appear once enough buyers of this product have taken tokens this month, so that it cannot be told apart.',
    secretLink: 'Your review\'s secret link',
    ownTitle: 'Your anonymous review', status: 'Status: {s}', save: 'Save changes', saved: 'Saved.', withdraw: 'Withdraw this review',
    withdrawn: 'Withdrawn.', notices: 'Notices', noNotices: 'No notices.', appeal: 'Appeal this decision', grounds: 'Why it was wrong',
    appealed: 'Appeal sent.', failed: 'That did not work: {d}', badSecret: 'This secret link is not valid any more.',
  },
  de: {
    getTitle: 'Anonym bewerten',
    getIntro: 'Candor signiert ein Token, das Ihren Kauf belegt, ohne es zu sehen. Schreiben Sie Ihre Bewertung später damit, in jedem Browser: '
      + 'sie ist verifiziert, aber niemand (weder der Shop noch Candor) kann sie Ihnen, Ihrer Bestellung oder Ihren anderen Bewertungen zuordnen. '
      + 'Was Sie schreiben, kann Sie dennoch verraten, ebenso ein Absenden direkt nach dem Token: warten Sie eine Weile.',
    get: 'Mein Token holen', getting: 'Token wird geholt…',
    got: 'Ihr Token. Behalten Sie es für sich; nutzen Sie es innerhalb etwa eines Monats. Schreiben Sie Ihre Bewertung später über diesen Link (in jedem Browser):',
    code: 'Token', writeLater: 'Mit diesem Token bewerten',
    mismatch: 'Der Ihnen angebotene Schlüssel ist nicht der für alle veröffentlichte; es wurde kein Token erstellt.',
    writeTitle: 'Ihre anonyme Bewertung', rating: 'Bewertung', title: 'Titel (optional)', body: 'Ihr Text', send: 'Anonym veröffentlichen',
    sending: 'Wird gesendet…', badCode: 'Dieser Token-Link ist ungültig.',
    written: 'Geschrieben. Bewahren Sie diesen geheimen Link auf: nur mit ihm können Sie Ihre Bewertung bearbeiten, zurückziehen, Hinweise lesen und Einspruch einlegen.',
    waiting: 'Sie erscheint, sobald genug Käufer dieses Produkts in diesem Monat Tokens geholt haben, damit sie nicht zuzuordnen ist.',
    secretLink: 'Geheimer Link Ihrer Bewertung',
    ownTitle: 'Ihre anonyme Bewertung', status: 'Status: {s}', save: 'Änderungen speichern', saved: 'Gespeichert.', withdraw: 'Bewertung zurückziehen',
    withdrawn: 'Zurückgezogen.', notices: 'Hinweise', noNotices: 'Keine Hinweise.', appeal: 'Einspruch einlegen', grounds: 'Warum es falsch war',
    appealed: 'Einspruch gesendet.', failed: 'Das hat nicht geklappt: {d}', badSecret: 'Dieser geheime Link ist nicht mehr gültig.',
  },
};

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) if (kid != null) el.append(kid);
  return el;
}

// Requests carry only what is given here: never a cookie, and a credential only where one is passed.
async function api(el, path, {method = 'GET', body, credential, etag} = {}) {
  const headers = {Accept: 'application/json'};
  if (body) headers['Content-Type'] = 'application/json';
  if (credential) headers.Authorization = 'Bearer ' + credential;
  if (etag) headers['If-Match'] = etag;
  const res = await fetch(el.base + path, {method, headers, credentials: 'omit', cache: 'no-store', body: body ? JSON.stringify(body) : undefined});
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(data?.detail || data?.title || String(res.status)), {status: res.status, type: data?.type});
  return {data, etag: res.headers.get('ETag')};
}

export function start(el, where) {
  const lang = (el.getAttribute('lang') || document.documentElement.lang || 'en').slice(0, 2);
  const t = (k, vars = {}) => (TEXT[lang] || TEXT.en)[k].replace(/\{(\w+)\}/g, (_, v) => vars[v]);
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('candor-author')) return authorPage(el, where, t, hash.get('candor-author'));
  if (hash.get('candor-token')) return redeemPage(el, where, t, hash.get('candor-token'));
  return tokenPage(el, where, t);
}

function tokenPage(el, where, t) {
  const msg = h('p', {role: 'status'});
  const out = h('div');
  const button = h('button', {class: 'btn', type: 'button', text: t('get'), onclick: async () => {
    button.disabled = true;
    msg.textContent = t('getting');
    try {
      const {type, ref} = el.subject;
      const line = {transaction: el.getAttribute('transaction'), subject: {type, ref}};
      const tenant = el.getAttribute('tenant');
      const offered = (await api(el, 'api/v1/anonymous/keys', {method: 'POST', body: line, credential: el.token})).data;
      const published = (await api(el, `api/v1/public/${encodeURIComponent(tenant)}/anonymous/keys/${type}/${encodeURIComponent(ref)}`)).data;
      const keyId = b64(new Uint8Array(await crypto.subtle.digest('SHA-256', unb64(published.publicKey))));
      // everyone is served the same key: a key of the buyer's own would tag their token
      if (offered.publicKey !== published.publicKey || offered.keyId !== published.keyId || keyId !== published.keyId
          || offered.epoch !== published.epoch || published.algorithm !== 'RSABSSA-SHA384-PSS-Randomized') {
        throw new Error(t('mismatch'));
      }
      const key = await spkiKey(published.publicKey);
      const prepared = concat(random(32), enc.encode(`candor-anonymous-review/1 ${tenant} ${type} ${ref} ${published.epoch} ${b64(random(32))}`));
      const state = await blind(key, prepared);
      const {data} = await api(el, 'api/v1/anonymous/tokens', {method: 'POST', credential: el.token,
        body: {...line, keyId: published.keyId, blindedMessage: b64(state.blinded)}});
      const sig = await finalize(key, prepared, state, unb64(data.blindSignature));
      const code = b64(enc.encode(JSON.stringify({s: {type, ref}, e: published.epoch, m: b64(prepared), g: b64(sig)})));
      const link = new URL(location.href);
      link.hash = 'candor-token=' + code;
      msg.textContent = t('got');
      out.replaceChildren(h('a', {href: link.href, class: 'tok', text: t('writeLater')}),
        h('label', null, t('code'), h('input', {type: 'text', readonly: true, value: code, class: 'code'})));
    } catch (e) {
      button.disabled = false;
      msg.textContent = t('failed', {d: e.message});
    }
  }});
  where.replaceChildren(h('section', {class: 'anon', 'aria-label': t('getTitle')}, h('h3', {text: t('getTitle')}), h('p', {text: t('getIntro')}), button, msg, out));
}

function reviewFields(t, review) {
  const uid = Math.random().toString(36).slice(2);
  const rating = h('fieldset', null, h('legend', {text: t('rating')}),
    [1, 2, 3, 4, 5].map(n => h('label', null, h('input', {type: 'radio', name: 'r-' + uid, value: String(n), required: true, checked: review?.rating === n}), ` ${n} `)));
  const title = h('input', {type: 'text', maxlength: '120', value: review?.title || ''});
  const body = h('textarea', {rows: '5', maxlength: '5000', required: true});
  body.value = review?.body || '';
  return {rating, title, body, nodes: [rating, h('label', null, t('title'), title), h('label', null, t('body'), body)],
    values: () => ({rating: Number(rating.querySelector('input:checked')?.value), title: title.value, body: body.value})};
}

function redeemPage(el, where, t, code) {
  let token;
  try {
    token = JSON.parse(new TextDecoder().decode(unb64(code)));
  } catch {
    return where.replaceChildren(h('p', {class: 'err', text: t('badCode')}));
  }
  const fields = reviewFields(t, null);
  const msg = h('p', {role: 'status'});
  // the secret is chosen here and kept until the answer arrives: sending again after a lost answer finds the review
  const pending = 'candor-anon-' + code.slice(-16);
  const secret = sessionStorage.getItem(pending) || b64(random(32));
  sessionStorage.setItem(pending, secret);
  const form = h('form', {onsubmit: async e => {
    e.preventDefault();
    msg.textContent = t('sending');
    try {
      const {data} = await api(el, `api/v1/public/${encodeURIComponent(el.getAttribute('tenant'))}/anonymous/reviews`, {method: 'POST',
        body: {subject: token.s, token: {epoch: token.e, message: token.m, signature: token.g}, ...fields.values(), authorSecret: secret}});
      sessionStorage.removeItem(pending);
      const link = new URL(location.href);
      link.hash = 'candor-author=' + data.authorSecret;
      where.replaceChildren(h('section', {class: 'anon'}, h('p', {role: 'status', text: t('written')}),
        data.waitingForAnonymitySet ? h('p', {text: t('waiting')}) : null,
        h('a', {href: link.href, class: 'secret', text: t('secretLink')}),
        h('input', {type: 'text', readonly: true, value: data.authorSecret, class: 'code'})));
    } catch (err) {
      msg.textContent = t('failed', {d: err.message});
    }
  }}, fields.nodes, h('button', {class: 'btn', type: 'submit', text: t('send')}), msg);
  where.replaceChildren(h('section', {class: 'anon', 'aria-label': t('writeTitle')}, h('h3', {text: t('writeTitle')}), form));
}

async function authorPage(el, where, t, secret) {
  const show = async note => {
    let review, etag, notices;
    try {
      const {data} = await api(el, 'api/v1/me/reviews', {credential: secret});
      if (!data.items.length) throw Object.assign(new Error(t('badSecret')), {status: 404});
      ({data: review, etag} = await api(el, `api/v1/me/reviews/${data.items[0].id}`, {credential: secret}));
      notices = (await api(el, 'api/v1/me/notices', {credential: secret})).data.items;
    } catch (e) {
      return where.replaceChildren(h('p', {class: 'err', text: e.status === 401 || e.status === 404 ? t('badSecret') : t('failed', {d: e.message})}));
    }
    const msg = h('p', {role: 'status', text: note || ''});
    const fields = reviewFields(t, review);
    const act = fn => async e => {
      e?.preventDefault();
      try {
        await fn();
      } catch (err) {
        msg.textContent = t('failed', {d: err.message});
      }
    };
    const edit = h('form', {onsubmit: act(async () => {
      await api(el, `api/v1/reviews/${review.id}`, {method: 'PATCH', credential: secret, etag, body: fields.values()});
      await show(t('saved'));
    })}, fields.nodes, h('button', {class: 'btn', type: 'submit', text: t('save')}));
    const withdraw = h('button', {type: 'button', class: 'lnk', text: t('withdraw'), onclick: act(async () => {
      await api(el, `api/v1/reviews/${review.id}`, {method: 'DELETE', credential: secret});
      await show(t('withdrawn'));
    })});
    const list = notices.length ? h('ul', null, notices.map(n => {
      const grounds = h('textarea', {rows: '3', required: true, maxlength: '2000'});
      return h('li', {class: 'notice'}, h('p', {text: [n.scope, n.statement].filter(Boolean).join(' ')}),
        n.decision && n.appeal?.allowed && !n.appealOutcome ? h('form', {onsubmit: act(async () => {
          await api(el, 'api/v1/appeals', {method: 'POST', credential: secret, body: {decision: n.decision, grounds: grounds.value}});
          await show(t('appealed'));
        })}, h('label', null, t('grounds'), grounds), h('button', {class: 'btn', type: 'submit', text: t('appeal')})) : null);
    })) : h('p', {text: t('noNotices')});
    where.replaceChildren(h('section', {class: 'anon', 'aria-label': t('ownTitle')}, h('h3', {text: t('ownTitle')}),
      h('p', {class: 'm', text: t('status', {s: review.status})}), review.status === 'withdrawn' ? null : [edit, withdraw],
      h('h4', {text: t('notices')}), list, msg));
  };
  await show();
}
