// <cc-share view="timeline" entity="country:gh">: the explorer's "Embed" button, which shows the snippets that put
// the current view on another site: an iframe of /embed/{view}, and the <cybercoop-view> web component.
import { LitElement, css, html } from "lit";
import { texts } from "../lib/i18n.js";
import { embedSnippets } from "../lib/snippets.js";

export class ShareBox extends LitElement {
  static properties = {
    view: { type: String }, entity: { type: String }, lang: { type: String }, from: { type: String }, to: { type: String },
    asOf: { type: String }, project: { type: String }, _open: { state: true }, _copied: { state: true },
  };

  static styles = css`
    :host { position: relative; }
    .panel { position: absolute; z-index: 20; right: 0; top: 100%; width: min(560px, 90vw); background: var(--cybercoop-panel);
      color: var(--cybercoop-text); box-shadow: 0 4px 16px #0006; border-radius: 4px; padding: 10px; }
    label { display: block; margin: 6px 0 2px; font-weight: 600; }
    textarea { width: 100%; box-sizing: border-box; font: 12px/1.4 ui-monospace, monospace; height: 5.5em; resize: vertical; }
  `;

  snippets() {
    return embedSnippets({ origin: location.origin, view: this.view, entity: this.entity, lang: this.lang, from: this.from,
      to: this.to, asOf: this.asOf, project: this.project });
  }

  render() {
    const t = texts(this.lang);
    const snippets = this._open ? this.snippets() : null;
    return html`<button aria-expanded=${Boolean(this._open)} @click=${() => { this._open = !this._open; this._copied = ""; }}>${t.embed}</button>
      ${this._open ? html`<div class="panel" role="dialog" aria-label=${t.embed} @keydown=${(e) => e.key === "Escape" && (this._open = false)}>
        ${snippets ? [["iframe", t.embedIframe], ["element", t.embedElement]].map(([key, label]) => html`
          <label for=${key}>${label}</label>
          <textarea id=${key} readonly .value=${snippets[key]} @focus=${(e) => e.target.select()}></textarea>
          <button @click=${() => this.copy(key, snippets[key])}>${this._copied === key ? t.copied : t.copy}</button>`) :
          html`<p role="alert">${t.embedUnavailable}</p>`}
      </div>` : ""}`;
  }

  async copy(key, text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without clipboard access (an insecure origin), the text is selected for the user to copy.
      this.renderRoot.getElementById(key).select();
      return;
    }
    this._copied = key;
  }
}

customElements.define("cc-share", ShareBox);
