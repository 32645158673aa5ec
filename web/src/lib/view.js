// The base of every view component: the attributes they share, loading on change, and the "open" event.
import { LitElement, css, html } from "lit";
import { GraphQLError, ServiceError, nameOf, timeoutSeconds } from "./api.js";
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

  // Colours come from the theme's custom properties (lightTheme, darkTheme), which the page around the views sets.
  static baseStyles = css`
    :host { display: block; font: 14px/1.4 system-ui, sans-serif; color: var(--cybercoop-text); }
    .status { padding: 12px; color: var(--cybercoop-muted); }
    .error { color: var(--cybercoop-error); }
    .error button { margin-left: 8px; }
    a { color: var(--cybercoop-link); }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--cybercoop-focus); outline-offset: 1px; }
    button, select, input { font: inherit; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--cybercoop-line); vertical-align: top; }
    th { background: var(--cybercoop-head); position: sticky; top: 0; }
    .muted { color: var(--cybercoop-muted); font-size: 12px; }
    .kind-dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }
    .nowrap { white-space: nowrap; }
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
      if (!abort.signal.aborted) this._state = { status: "error", error: err };
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
        return html`<div class="status error" role="alert">${this.t.error}: ${errorText(this._state.error, this.t)}
          <button type="button" @click=${() => this.reload()}>${this.t.retry}</button></div>`;
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

/**
 * errorText says in plain words why a view could not load: the API's own message for a GraphQL error (an unknown id,
 * a date it refuses), the reason of a ServiceError, and for anything else that the answer could not be read.
 */
export function errorText(err, t) {
  if (err instanceof GraphQLError) return err.message;
  if (err instanceof ServiceError) {
    return { timeout: t.timedOut(timeoutSeconds), http: t.httpError(err.status), unreachable: t.unreachable }[err.reason] ?? t.unreadable;
  }
  return t.unreadable;
}

/**
 * The two themes: the custom properties every view reads its colours from. The page around the views (the explorer,
 * <cybercoop-view>) sets one on an ancestor; a partner may override any property. Text colours pass WCAG AA (4.5:1)
 * on their backgrounds, and the map's status colours 3:1 against unshaded land, in both themes.
 */
export const lightTheme = css`
  color-scheme: light;
  --cybercoop-background: #ffffff; --cybercoop-text: #1b1f24; --cybercoop-muted: #545b62; --cybercoop-link: #1864ab;
  --cybercoop-error: #a4161a; --cybercoop-line: #dee2e6; --cybercoop-head: #f1f3f5; --cybercoop-focus: #1864ab;
  --cybercoop-panel: #ffffff; --cybercoop-hover: #e7f5ff; --cybercoop-axis: #6c757d;
  --cybercoop-ocean: #dcebf7; --cybercoop-land: #f8f9fa; --cybercoop-border: #868e96; --cybercoop-pattern: #ffffff;
  --cybercoop-status-ratified: #005b96; --cybercoop-status-acceded: #3f8fd2; --cybercoop-status-party: #007d5c;
  --cybercoop-status-signed: #d55e00; --cybercoop-status-invited: #a8458a; --cybercoop-status-requested: #8f6d00;
  --cybercoop-status-interest: #7b3294;
  --cybercoop-count-1: #3f8fd2; --cybercoop-count-2: #1c6fb5; --cybercoop-count-3: #0d4f8a; --cybercoop-count-4: #06325a;
  --cybercoop-lane-activity: #5c636a; --cybercoop-lane-accession: #7b3294; --cybercoop-lane-start: #b45400;
  --cybercoop-lane-end: #a4161a; --cybercoop-tag-text: #ffffff;
  --cybercoop-notice-partial: #8a4b00; --cybercoop-notice-partial-background: #fff4e0; --cybercoop-notice-partial-text: #4a2800;
  --cybercoop-notice-complete: #0072b2; --cybercoop-conflict: #a4161a;
  --cybercoop-journey-first: #b45400; --cybercoop-journey-accession: #005b96; --cybercoop-journey-span: #6c757d;
`;

export const darkTheme = css`
  color-scheme: dark;
  --cybercoop-background: #1b1f24; --cybercoop-text: #e9ecef; --cybercoop-muted: #adb5bd; --cybercoop-link: #74c0fc;
  --cybercoop-error: #ff8787; --cybercoop-line: #495057; --cybercoop-head: #2b3035; --cybercoop-focus: #ffd43b;
  --cybercoop-panel: #2b3035; --cybercoop-hover: #1c3a57; --cybercoop-axis: #adb5bd;
  --cybercoop-ocean: #15191d; --cybercoop-land: #343a40; --cybercoop-border: #868e96; --cybercoop-pattern: #1b1f24;
  --cybercoop-status-ratified: #9fd3f5; --cybercoop-status-acceded: #56b4e9; --cybercoop-status-party: #4cc9a0;
  --cybercoop-status-signed: #e69f00; --cybercoop-status-invited: #f4a6d0; --cybercoop-status-requested: #f0e442;
  --cybercoop-status-interest: #c8b1ff;
  --cybercoop-count-1: #56b4e9; --cybercoop-count-2: #8ccbf2; --cybercoop-count-3: #bfe2f8; --cybercoop-count-4: #eaf6fd;
  --cybercoop-lane-activity: #adb5bd; --cybercoop-lane-accession: #c8b1ff; --cybercoop-lane-start: #ff9f6b;
  --cybercoop-lane-end: #ff8787; --cybercoop-tag-text: #1b1f24;
  --cybercoop-notice-partial: #ffa94d; --cybercoop-notice-partial-background: #3b2a14; --cybercoop-notice-partial-text: #ffe8cc;
  --cybercoop-notice-complete: #56b4e9; --cybercoop-conflict: #ff8787;
  --cybercoop-journey-first: #ff9f6b; --cybercoop-journey-accession: #74c0fc; --cybercoop-journey-span: #adb5bd;
`;
