// <cc-search>: a search box with suggestions from the API's search, driven by mouse or keyboard (arrows, Enter,
// Escape). Choosing a suggestion dispatches "cc-open" with the entity id.
import { LitElement, css, html } from "lit";
import { nameOf, query } from "../lib/api.js";
import { kindColors } from "../lib/format.js";
import { kindName, texts } from "../lib/i18n.js";

import searchQuery from "../../documents/Suggest.graphql";

export class SearchBox extends LitElement {
  static properties = {
    api: { type: String }, lang: { type: String }, placeholder: { type: String }, event: { type: String },
    _hits: { state: true }, _active: { state: true },
  };

  static styles = css`
    :host { position: relative; display: inline-block; flex: 0 1 380px; }
    input { width: 100%; box-sizing: border-box; padding: 6px 8px; border-radius: 4px; border: 1px solid #adb5bd; font: inherit; }
    ul { position: absolute; z-index: 10; left: 0; right: 0; margin: 2px 0 0; padding: 0; list-style: none; background: #fff;
      color: #1b1f24; box-shadow: 0 4px 12px #0003; border-radius: 4px; max-height: 60vh; overflow: auto; }
    li { padding: 6px 8px; cursor: pointer; border-bottom: 1px solid #f1f3f5; }
    li[aria-selected="true"], li:hover { background: #e7f5ff; }
    .kind { font-size: 11px; color: #666; margin-left: 6px; }
    .dot { display: inline-block; width: 9px; height: 9px; border-radius: 5px; margin-right: 6px; }
  `;

  constructor() {
    super();
    this.api = "/graphql";
    this.lang = "en";
    this.event = "cc-open";
    this._hits = [];
    this._active = -1;
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
          <span class="dot" style="background:${kindColors[h.node.kind]}"></span>${nameOf(h.node, this.lang)}<span class="kind">${kindName(h.node.kind, this.lang)}</span></li>`)}
      </ul>`;
  }

  onInput(e) {
    const text = e.target.value.trim();
    clearTimeout(this._timer);
    this._abort?.abort();
    if (text.length < 2) {
      this._hits = [];
      return;
    }
    this._timer = setTimeout(async () => {
      const abort = (this._abort = new AbortController());
      try {
        const data = await query(this.api, searchQuery, { text }, abort.signal);
        this._hits = data.search;
        this._active = data.search.length ? 0 : -1;
      } catch (err) {
        if (err.name !== "AbortError") this._hits = [];
      }
    }, 180);
  }

  onKey(e) {
    const n = this._hits.length;
    if (e.key === "ArrowDown" && n) { this._active = (this._active + 1) % n; e.preventDefault(); }
    else if (e.key === "ArrowUp" && n) { this._active = (this._active - 1 + n) % n; e.preventDefault(); }
    else if (e.key === "Enter" && this._active >= 0) { this.choose(this._hits[this._active].node); e.preventDefault(); }
    else if (e.key === "Escape") { this._hits = []; }
  }

  choose(node) {
    this._hits = [];
    this.renderRoot.querySelector("input").value = "";
    this.dispatchEvent(new CustomEvent(this.event, { detail: { id: node.id }, bubbles: true, composed: true, cancelable: true }));
  }
}

customElements.define("cc-search", SearchBox);
