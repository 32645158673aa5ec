// The base of every view component: the attributes they share, loading on change, and the "open" event.
import { LitElement, css, html } from "lit";
import { nameOf } from "./api.js";
import { texts } from "./i18n.js";

/**
 * CybercoopView loads what it shows whenever entity, api, lang, from or to change. A subclass implements
 * load(signal) (resolving to its data) and renderData(data). Selecting another entity in a view dispatches a
 * "cc-open" event ({detail: {id}}) that bubbles out of the shadow root; the explorer navigates, an embed links.
 */
export class CybercoopView extends LitElement {
  static properties = {
    entity: { type: String },
    api: { type: String },
    lang: { type: String },
    from: { type: String },
    to: { type: String },
    _state: { state: true },
  };

  // Colours come from custom properties (--cc-text, --cc-link, --cc-line, --cc-head, --cc-muted) where a page
  // sets them, as the embeds' dark theme does.
  static baseStyles = css`
    :host { display: block; font: 14px/1.4 system-ui, sans-serif; color: var(--cc-text, #1b1f24); }
    .status { padding: 12px; color: var(--cc-muted, #555); }
    .error { color: #a4161a; }
    a { color: var(--cc-link, #1864ab); }
    button, select, input { font: inherit; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--cc-line, #e3e6ea); vertical-align: top; }
    th { background: var(--cc-head, #f1f3f5); position: sticky; top: 0; }
    .muted { color: var(--cc-muted, #666); font-size: 12px; }
    .kind-dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }
  `;

  constructor() {
    super();
    this.api = "/graphql";
    this.lang = "en";
    this._state = { status: "idle" };
  }

  get t() {
    return texts(this.lang);
  }

  /** reloadOn lists the properties whose change means loading again; views with more attributes add theirs. */
  static reloadOn = ["entity", "api", "lang", "from", "to"];

  willUpdate(changed) {
    if (this.constructor.reloadOn.some((p) => changed.has(p)) && this.ready()) this.reload();
  }

  /** ready says whether the attributes needed to load are set; most views need an entity. */
  ready() {
    return Boolean(this.entity);
  }

  async reload() {
    this._abort?.abort();
    const abort = (this._abort = new AbortController());
    this._state = { status: "loading" };
    try {
      const data = await this.load(abort.signal);
      if (!abort.signal.aborted) this._state = { status: "ok", data };
    } catch (err) {
      if (!abort.signal.aborted) this._state = { status: "error", message: err.message };
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._abort?.abort();
  }

  render() {
    switch (this._state.status) {
      case "loading":
        return html`<div class="status" role="status">${this.t.loading}</div>`;
      case "error":
        return html`<div class="status error" role="alert">${this.t.error}: ${this._state.message}</div>`;
      case "ok":
        return this.renderData(this._state.data);
      default:
        return html``;
    }
  }

  /**
   * open asks the page to show another entity: the explorer handles "cc-open" (and cancels it); on a page that does
   * not, such as a partner's embed, the entity opens in the explorer in a new tab.
   */
  open(id) {
    const event = new CustomEvent("cc-open", { detail: { id }, bubbles: true, composed: true, cancelable: true });
    if (this.dispatchEvent(event)) window.open(this.explorerURL(id), "_blank", "noopener");
  }

  /** explorerURL is the explorer page of an entity on the service that answers at the api URL. */
  explorerURL(id) {
    const url = new URL("/explorer", new URL(this.api, location.href));
    url.search = new URLSearchParams({ id, ...(this.lang === "fr" ? { lang: "fr" } : {}) }).toString();
    return url.href;
  }

  /** entityLink renders a link to an entity: a real link (shareable, opens in a new tab on ctrl-click) that opens
   * the entity in place where the page handles "cc-open". */
  entityLink(node) {
    const onClick = (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      const event = new CustomEvent("cc-open", { detail: { id: node.id }, bubbles: true, composed: true, cancelable: true });
      if (!this.dispatchEvent(event)) e.preventDefault();
    };
    return html`<a href=${this.explorerURL(node.id)} @click=${onClick}>${nameOf(node, this.lang)}</a>`;
  }
}
