// <cc-search>: a search box with suggestions from the API's search, driven by mouse or keyboard (arrows, Enter,
// Escape). Choosing a suggestion dispatches "cc-open" with the entity id.
import { LitElement, css, html } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import { nameOf, query } from "../lib/api.js";
import { kindColors } from "../lib/format.js";
import { kindName, texts } from "../lib/i18n.js";

import searchQuery from "../../documents/Suggest.graphql";

export class SearchBox extends LitElement {
  static properties = {
    api: { type: String }, lang: { type: String }, placeholder: { type: String }, event: { type: String },
    _hits: { state: true }, _active: { state: true }, _noMatch: { state: true },
  };

  static styles = css`
    :host { position: relative; display: inline-block; flex: 0 1 380px; }
    input { width: 100%; box-sizing: border-box; padding: 6px 8px; border-radius: 4px; border: 1px solid var(--cybercoop-border);
      font: inherit; background: var(--cybercoop-background); color: var(--cybercoop-text); }
    input:focus-visible { outline: 2px solid var(--cybercoop-focus); }
    ul { position: absolute; z-index: 10; left: 0; right: 0; margin: 2px 0 0; padding: 0; list-style: none; background: var(--cybercoop-panel);
      color: var(--cybercoop-text); box-shadow: 0 4px 12px #0006; border-radius: 4px; max-height: 60vh; overflow: auto; }
    li { padding: 6px 8px; cursor: pointer; border-bottom: 1px solid var(--cybercoop-line); }
    li[aria-selected="true"], li:hover { background: var(--cybercoop-hover); }
    .kind { font-size: 11px; color: var(--cybercoop-muted); margin-left: 6px; }
    .none { position: absolute; z-index: 10; left: 0; right: 0; margin-top: 2px; padding: 6px 8px; background: var(--cybercoop-panel);
      color: var(--cybercoop-text); box-shadow: 0 4px 12px #0006; border-radius: 4px; }
    .dot { display: inline-block; width: 9px; height: 9px; border-radius: 5px; margin-right: 6px; }
  `;

  constructor() {
    super();
    this.api = "/graphql";
    this.lang = "en";
    this.event = "cc-open";
    this._hits = [];
    this._active = -1;
    this._noMatch = "";
  }

  focus() {
    this.renderRoot.querySelector("input")?.focus();
  }

  render() {
    const t = texts(this.lang);
    const open = this._hits.length > 0;
    return html`
      <input type="search" role="combobox" aria-label=${this.placeholder ?? t.searchLabel} aria-autocomplete="list"
        aria-expanded=${open} aria-controls="hits" placeholder=${this.placeholder ?? t.search} autocomplete="off"
        aria-activedescendant=${this._active >= 0 ? `hit-${this._active}` : ""}
        @input=${this.onInput} @keydown=${this.onKey} @blur=${() => setTimeout(() => { this._hits = []; }, 150)}>
      <ul id="hits" role="listbox" ?hidden=${!open}>
        ${this._hits.map((h, i) => html`<li id="hit-${i}" role="option" aria-selected=${i === this._active}
          @mousedown=${(e) => { e.preventDefault(); this.choose(h.node); }}>
          <span class="dot" style=${styleMap({ background: kindColors[h.node.kind] })}></span>${nameOf(h.node, this.lang)}<span class="kind">${kindName(h.node.kind, this.lang)}</span></li>`)}
      </ul>
      ${this._noMatch ? html`<div class="none" role="status">${t.noMatch(this._noMatch)}</div>` : ""}`;
  }

  // The suggestions shown are always those of the text in the box: typing clears them at once, so Enter never opens
  // a hit left over from an earlier text ("eur" when "europol" has been typed).
  onInput(e) {
    const text = e.target.value.trim();
    clearTimeout(this._timer);
    this._abort?.abort();
    this._hits = [];
    this._active = -1;
    this._noMatch = "";
    if (text.length >= 2) this._timer = setTimeout(() => this.suggest(text), 180);
  }

  // suggest asks the API for the hits of text, shows them (or says nothing matches) and returns them; null when a
  // later text has taken its place.
  async suggest(text) {
    const abort = (this._abort = new AbortController());
    try {
      const data = await query(this.api, searchQuery, { text }, abort.signal);
      if (abort.signal.aborted) return null;
      this._hits = data.search;
      this._active = data.search.length ? 0 : -1;
      this._noMatch = data.search.length ? "" : text;
      return data.search;
    } catch (err) {
      if (err.name !== "AbortError") this._hits = [];
      return null;
    }
  }

  onKey(e) {
    const n = this._hits.length;
    if (e.key === "ArrowDown" && n) { this._active = (this._active + 1) % n; e.preventDefault(); }
    else if (e.key === "ArrowUp" && n) { this._active = (this._active - 1 + n) % n; e.preventDefault(); }
    else if (e.key === "Enter") { e.preventDefault(); this.enter(e.target); }
    else if (e.key === "Escape") { this._hits = []; this._noMatch = ""; }
  }

  // enter opens the suggestion chosen, or, before the suggestions of what was typed have come, resolves that text
  // and opens its best hit.
  async enter(input) {
    if (this._active >= 0) {
      this.choose(this._hits[this._active].node);
      return;
    }
    const text = input.value.trim();
    if (text.length < 2) return;
    clearTimeout(this._timer);
    const hits = await this.suggest(text);
    if (hits?.length && input.value.trim() === text) this.choose(hits[0].node);
  }

  choose(node) {
    this._hits = [];
    this._noMatch = "";
    this.renderRoot.querySelector("input").value = "";
    this.dispatchEvent(new CustomEvent(this.event, { detail: { id: node.id }, bubbles: true, composed: true, cancelable: true }));
  }
}

customElements.define("cc-search", SearchBox);
