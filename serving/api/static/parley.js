// Parley's analyst page: plain JavaScript against the same server's API (/v1/model,
// /v1/predict with explain, /v1/analyze). Text from the user or the server is only ever
// inserted with textContent, never as HTML.
"use strict";

(() => {
  const LABELS = ["favor", "against", "neutral"];
  // Speaker highlight colours: light backgrounds (dark text stays >= 4.5:1) with a strong
  // underline; each highlight also carries the speaker's number, so colour is not the only cue.
  const PALETTE = [
    ["#ffe08a", "#8a6700"], ["#bfe3ff", "#0072b2"], ["#ffd0bd", "#b84a00"],
    ["#c8efc8", "#2e7d32"], ["#e6d2ff", "#6a3fa0"], ["#ffd3ea", "#a8326b"],
    ["#dce8c4", "#56681e"], ["#c6f1ec", "#00796b"],
  ];
  const EXPLAIN_MAX = 16; // the server's default PARLEY_EXPLAIN_MAX_ITEMS
  const KEY_STORE = "parley-api-key";
  const $ = (id) => document.getElementById(id);
  let apiKey = sessionStorage.getItem(KEY_STORE) || "";

  class PageError extends Error {
    constructor(status, message, fix, code) {
      super(message);
      Object.assign(this, { status, fix, code });
    }
  }

  // el("p", {class: "x"}, "text", childNode, ...): strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "style") for (const [p, val] of Object.entries(v)) node.style.setProperty(p, val);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
    }
    return node;
  }

  const fmt = (x) => (typeof x === "number" ? x.toFixed(2) : "–");

  // ---- talking to the API -------------------------------------------------------------
  async function api(path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (apiKey) headers["X-API-Key"] = apiKey;
    let resp;
    try {
      resp = await fetch(path, {
        method: body === undefined ? "GET" : "POST",
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new PageError(0, "The Parley server could not be reached.",
        "Check that `parley serve` is running, then try again.", "network");
    }
    let data = null;
    try { data = await resp.json(); } catch (e) { /* not JSON: described below */ }
    if (resp.ok) return data;
    throw describeFailure(resp, (data && data.error) || {});
  }

  function describeFailure(resp, err) {
    const s = resp.status;
    if (s === 401) {
      showKeyBox();
      return new PageError(401,
        apiKey ? "The API key was not accepted." : "This server needs an API key.",
        "Type the key (the value of PARLEY_API_KEY on the server) in the API key field, then try again.",
        "unauthorized");
    }
    if (s === 503) {
      const after = resp.headers.get("Retry-After") || "a few";
      const why = err.code === "model_not_loaded" ? "The model is still loading."
        : err.code === "explain_busy" ? "The server is busy explaining other statements."
        : "The server is overloaded right now.";
      return new PageError(503, why, `Nothing was lost: try again in ${after} seconds.`, err.code);
    }
    if (s === 413) {
      return new PageError(413, "The text is too large to send in one request.",
        "Send fewer statements at a time, or one article at a time.", err.code);
    }
    // "statements[2].text: ..." -> "Statement 3: ..." (numbered as on the page, from 1).
    const message = (err.message || `The server answered with status ${s}.`)
      .replace(/statements\[(\d+)\]\.text/g, (_, i) => `Statement ${Number(i) + 1}`);
    return new PageError(s, message,
      err.fix || "Try again; if it persists, the server log says why.", err.code);
  }

  function setKey(value) {
    apiKey = value.trim();
    if (apiKey) sessionStorage.setItem(KEY_STORE, apiKey);
    else sessionStorage.removeItem(KEY_STORE);
  }

  function showKeyBox() {
    $("key-box").hidden = false;
  }

  function showError(e) {
    const box = $("error");
    box.replaceChildren(
      el("p", {}, el("strong", {}, e.message)),
      e.fix ? el("p", {}, e.fix) : null,
    );
    box.dataset.status = String(e.status ?? "");
    box.hidden = false;
    $("status").textContent = "";
    if (e.status === 401) $("api-key").focus();
  }

  function clearError() {
    $("error").hidden = true;
    $("error").replaceChildren();
    $("input-text").removeAttribute("aria-invalid");
  }

  // ---- the served model -----------------------------------------------------------------
  async function loadModelInfo() {
    const box = $("model-info");
    try {
      const m = await api("/v1/model");
      if (!m.loaded) {
        box.textContent = "No model is loaded yet; the server is loading it…";
        setTimeout(loadModelInfo, 5000);
        return;
      }
      const engine = m.runtime && m.runtime.engine ? m.runtime.engine : m.kind || "unknown";
      box.replaceChildren("Model: ", el("strong", {}, `${m.name || m.uri}`),
        m.version ? ` version ${m.version}` : "", m.alias ? ` (${m.alias})` : "",
        ` · runtime: ${engine}`);
    } catch (e) {
      box.textContent = e.status === 401
        ? "Enter the API key to see which model is served."
        : `Model unknown: ${e.message}`;
    }
  }

  // ---- statements -------------------------------------------------------------------------
  function scoreBars(scores) {
    return el("div", { class: "scores" }, LABELS.map((l) => [
      el("span", {}, l),
      el("span", { class: `bar ${l}`, "aria-hidden": "true" },
        el("span", { style: { width: `${Math.round((scores[l] || 0) * 100)}%` } })),
      el("span", { class: "num" }, fmt(scores[l])),
    ]));
  }

  // The statement with its evidence spans marked (offsets into the statement).
  function markedText(text, spans, makeMark) {
    const out = [];
    let at = 0;
    for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
      if (sp.start < at || sp.end > text.length) continue; // overlapping or out of range
      out.push(text.slice(at, sp.start), makeMark(text.slice(sp.start, sp.end), sp));
      at = sp.end;
    }
    out.push(text.slice(at));
    return out;
  }

  async function runStatements(lines) {
    let explain = lines.length <= EXPLAIN_MAX;
    const body = (ex) => ({ statements: lines.map((text, i) => ({ id: String(i + 1), text })), explain: ex });
    let res;
    try {
      res = await api("/v1/predict", body(explain));
    } catch (e) {
      if (e.code !== "too_many_to_explain") throw e;
      explain = false; // this server allows fewer explained statements: label them all anyway
      res = await api("/v1/predict", body(false));
    }
    const items = res.predictions.map((p, i) => {
      const ev = p.evidence || [];
      return el("li", { class: "card statement", "data-label": p.label },
        el("div", { class: "head" },
          el("span", { class: "meta" }, `#${i + 1}`),
          el("span", { class: `badge ${p.label}` }, p.label),
          p.abstain ? el("span", { class: "meta" }, "unsure: check by hand") : null,
          p.truncated ? el("span", { class: "meta" }, "scored on its first 256 tokens") : null),
        el("p", { class: "text" }, markedText(lines[i], ev, (t, sp) =>
          el("mark", { class: "evidence", title: `lowers the ${p.label} score by ${fmt(sp.weight)} when removed` }, t))),
        scoreBars(p.scores),
        explain
          ? el("p", { class: "meta evidence-list" }, ev.length
            ? ["Carried by: ", ev.map((s) => `“${s.text}” (${fmt(s.weight)})`).join(", ")]
            : "Carried by: no single word lowers the score when removed.")
          : null);
    });
    const counts = LABELS.map((l) => `${res.predictions.filter((p) => p.label === l).length} ${l}`);
    return {
      summary: `${lines.length} statement${lines.length === 1 ? "" : "s"} labelled: ${counts.join(", ")}.`,
      nodes: [
        explain ? null : el("p", { class: "help" },
          `The words that carried each label are shown for up to ${EXPLAIN_MAX} statements at a time.`),
        el("ol", { class: "cards", id: "statement-results" }, items),
      ],
    };
  }

  // ---- articles ---------------------------------------------------------------------------
  const colour = (i) => PALETTE[i % PALETTE.length];
  const speakerStyle = (i) => ({ "--sp-bg": colour(i)[0], "--sp-border": colour(i)[1] });

  function chart(speakers) {
    const order = speakers.map((sp, i) => [sp, i])
      .sort((a, b) => (b[0].scores.favor - b[0].scores.against) - (a[0].scores.favor - a[0].scores.against));
    const seg = (l, v) => el("span", { class: `seg ${l}`, title: `${l} ${fmt(v)}`,
      style: { width: `${(v * 100).toFixed(1)}%` } });
    return el("figure", { class: "stance-chart", id: "stance-chart" },
      el("figcaption", {}, "Who stands where: each speaker's mean scores, from against (left) to favor (right)."),
      el("div", { class: "legend", "aria-hidden": "true" },
        ["against", "neutral", "favor"].map((l) => el("span", {}, el("span", { class: `swatch ${l}` }), l))),
      el("ol", { class: "chart-rows" }, order.map(([sp, i]) => el("li", { class: "chart-row" },
        el("span", { class: "chart-name" },
          el("span", { class: "speaker-no", style: speakerStyle(i) }, String(i + 1)), ` ${sp.name} `,
          el("span", { class: `badge ${sp.stance}` }, sp.stance)),
        el("span", { class: "chart-bar", role: "img",
          "aria-label": `${sp.name}: against ${fmt(sp.scores.against)}, neutral ${fmt(sp.scores.neutral)}, favor ${fmt(sp.scores.favor)}` },
          seg("against", sp.scores.against), seg("neutral", sp.scores.neutral), seg("favor", sp.scores.favor))))));
  }

  function speakerCards(speakers) {
    return el("ol", { class: "cards", id: "speakers" }, speakers.map((sp, i) =>
      el("li", { class: "card speaker", "data-speaker": String(i + 1), "data-stance": sp.stance },
        el("div", { class: "head" },
          el("span", { class: "speaker-no", style: speakerStyle(i), "aria-hidden": "true" }, String(i + 1)),
          el("h4", { class: "speaker-name" }, sp.name),
          el("span", { class: `badge ${sp.stance}` }, sp.stance),
          el("span", { class: "meta" }, `confidence ${fmt(sp.confidence)} · ${sp.n_statements} statement${sp.n_statements === 1 ? "" : "s"}`)),
        sp.role ? el("p", { class: "meta" }, sp.role) : null,
        scoreBars(sp.scores),
        el("ul", { class: "statements" }, sp.statements.map((st) => el("li", {},
          el("span", { class: `badge ${st.label}` }, st.label), ` “${st.text}” `,
          el("span", { class: "meta" }, `(${st.kind}, ${fmt(st.scores[st.label])})`)))))));
  }

  // The article with every attributed statement marked in its speaker's colour.
  function highlighted(text, speakers) {
    const spans = [];
    speakers.forEach((sp, i) => sp.statements.forEach((st) => {
      const parts = st.parts && st.parts.length ? st.parts : [[st.start, st.end]];
      for (const [start, end] of parts) spans.push({ start, end, i, sp, st });
    }));
    return el("div", { class: "article-text", id: "article-text", tabindex: "0",
      "aria-label": "The article with each speaker's statements highlighted" },
      markedText(text, spans, (t, s) => el("mark", {
        class: "quote", "data-speaker": String(s.i + 1), style: speakerStyle(s.i),
        title: `${s.sp.name}: ${s.st.label}`,
      }, t, el("sup", {}, el("span", { class: "visually-hidden" }, ` (speaker `), String(s.i + 1),
        el("span", { class: "visually-hidden" }, `, ${s.sp.name}, ${s.st.label})`)))));
  }

  async function runArticle(text) {
    const res = await api("/v1/analyze", { text });
    const sp = res.speakers;
    const summary = sp.length
      ? `${sp.length} speaker${sp.length === 1 ? "" : "s"} and ${res.n_statements} statement${res.n_statements === 1 ? "" : "s"} found.`
      : "No attributed statements were found in this text (quotes with a named speaker, or reported speech).";
    return {
      summary,
      nodes: sp.length ? [
        chart(sp),
        el("h3", {}, "Speakers"), speakerCards(sp),
        el("h3", {}, "The article, statements highlighted"), highlighted(text, sp),
      ] : [],
    };
  }

  // ---- the form ---------------------------------------------------------------------------
  const mode = () => document.querySelector('input[name="mode"]:checked').value;

  function syncMode() {
    const article = mode() === "article";
    $("input-label").textContent = article ? "Article text" : "Statements, one per line";
    $("input-help").textContent = article
      ? "Plain text; paragraphs separated by blank lines (up to 100,000 characters)."
      : "One statement per line; empty lines are skipped (up to 256 statements).";
  }

  function syncCount() {
    const n = $("input-text").value.length;
    $("input-count").textContent = `${n.toLocaleString("en")} character${n === 1 ? "" : "s"}`;
  }

  async function onSubmit(event) {
    event.preventDefault();
    clearError();
    setKey($("api-key").value);
    const text = $("input-text").value;
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    if (!lines.length) {
      $("input-text").setAttribute("aria-invalid", "true");
      showError(new PageError("empty", mode() === "article"
        ? "Nothing to analyse: the article box is empty."
        : "Nothing to label: there is no statement in the box.",
        "Paste an article or type statements, one per line, then press Analyse.", "empty"));
      $("input-text").focus();
      return;
    }
    const button = $("submit");
    button.disabled = true;
    $("status").textContent = mode() === "article" ? "Reading the article…" : "Labelling…";
    try {
      const out = mode() === "article" ? await runArticle(text) : await runStatements(lines);
      $("results-body").replaceChildren(el("p", { class: "summary", id: "summary" }, out.summary), ...out.nodes.filter(Boolean));
      $("results").hidden = false;
      $("status").textContent = `Done. ${out.summary}`;
      loadModelInfo(); // the key may just have been given, or the model reloaded
    } catch (e) {
      showError(e);
    } finally {
      button.disabled = false;
    }
  }

  const EXAMPLES = {
    statements: "We must keep talking to Moscow, even now.\nSitting down with them only buys them time.\nThe two foreign ministers have not met in person since the spring.",
    article: "Velmora suspends hotline\n\n\"We are not closing the door for ever,\" Defence Minister Ilse Marrek said. \"But a hotline is only worth something if the person at the other end is honest.\"\n\n\"This is exactly the moment you need the hotline, not the moment to cut it,\" said Tomas Vell, a senior fellow at the Baltic Security Institute.",
  };

  function init() {
    $("analyse-form").addEventListener("submit", onSubmit);
    document.querySelectorAll('input[name="mode"]').forEach((r) => r.addEventListener("change", syncMode));
    $("input-text").addEventListener("input", syncCount);
    $("example").addEventListener("click", () => {
      $("input-text").value = EXAMPLES[mode()];
      syncCount();
      $("input-text").focus();
    });
    $("clear").addEventListener("click", () => {
      $("input-text").value = "";
      syncCount();
      clearError();
      $("results").hidden = true;
      $("input-text").focus();
    });
    $("api-key").value = apiKey;
    if (apiKey) showKeyBox();
    $("api-key").addEventListener("change", () => {
      setKey($("api-key").value);
      clearError();
      loadModelInfo();
    });
    syncMode();
    syncCount();
    loadModelInfo();
  }

  init();
})();
