import"./chunk-3KTOMFWY.js";import"./chunk-GSBXWSVV.js";import"./chunk-ZS7EOZQI.js";import"./chunk-F6CUSN2H.js";import"./chunk-5TPUI3P3.js";import"./chunk-FQJID2EY.js";import"./chunk-HEYEDYM3.js";import"./chunk-7QUWU4U6.js";import{c as D}from"./chunk-GVHESXWS.js";import{a as u,c as g,e as T,m as F,n as _,o as $}from"./chunk-CYIHO4H5.js";import{b as d,c as i,f as m,g as h,h as L}from"./chunk-KA27ISCT.js";import"./chunk-IYWUY3VA.js";var q={id:"sha256:9d189bb32de288551d308a75418a09bbebfba844e57543da058329fc20dc1a43",text:`query Paths($from: ID!, $to: ID!) {
  from: entity(id: $from) { id label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } }
  to: entity(id: $to) { id label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } }
  paths(from: $from, to: $to, maxHops: 4, first: 10) {
    length
    hops { from { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } to { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } type direction role sources { source { reference title } locator } }
  }
}
`};var k=class extends ${static properties={target:{type:String}};static reloadOn=[...$.reloadOn,"target"];static styles=[$.baseStyles,d`
    ol.routes { padding-left: 20px; }
    ol.routes > li { margin: 10px 0; }
    ol.hops { list-style: none; padding-left: 0; margin: 4px 0; }
    ol.hops li { margin: 3px 0 3px 12px; border-left: 3px solid #dee2e6; padding-left: 8px; }
    .rel { font-variant: small-caps; color: #555; }
  `];ready(){return!!(this.entity&&this.target)}async load(t){let e=await u(this.api,q,{from:this.entity,to:this.target},t);return{...e,paths:K(P(e.paths))}}renderData({from:t,to:e,paths:a}){let r=this.t;return i`
      <h3>${this.entityLink(t)} → ${this.entityLink(e)}: ${a.length?r.routes(a.length):r.noRoute}</h3>
      <ol class="routes">${a.map(n=>i`<li>
        <strong>${r.hops(n.length)}</strong>: ${[n.hops[0].from,...n.hops.map(o=>o.to)].map((o,c)=>i`${c?" \u2192 ":""}${g(o,this.lang)}`)}
        <ol class="hops">${n.hops.map(o=>i`<li>
          ${this.entityLink(o.from)} <span class="rel">${o.direction==="OUT"?"\u2014":"\u2190"} ${o.type.replaceAll("_"," ").toLowerCase()}${o.role?` (${o.role})`:""} ${o.direction==="OUT"?"\u2192":"\u2014"}</span> ${this.entityLink(o.to)}
          <div class="muted">${r.evidence}: ${o.sources.length?o.sources.map(c=>`${c.source.reference??c.source.title}, ${c.locator}`).join("; "):"\u2014"}</div>
        </li>`)}</ol>
      </li>`)}</ol>`}};function P(s){let t=new Set;return s.filter(e=>{let a=e.hops.map(r=>`${r.from.id}|${r.type}|${r.to.id}`).join(">");return!t.has(a)&&t.add(a)})}function K(s){let t=e=>e.hops.reduce((a,r)=>a+r.sources.length,0);return[...s].sort((e,a)=>e.length-a.length||t(a)-t(e))}customElements.define("cc-path",k);var N={id:"sha256:0280410494f853b60db03a760e0d5f9e16812d1b4216ebfb2269f76e2c39e27c",text:`query Suggest($text: String!) { search(text: $text, first: 8) { node { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } } }
`};var E=class extends m{static properties={api:{type:String},lang:{type:String},placeholder:{type:String},event:{type:String},_hits:{state:!0},_active:{state:!0},_noMatch:{state:!0}};static styles=d`
    :host { position: relative; display: inline-block; flex: 0 1 380px; }
    input { width: 100%; box-sizing: border-box; padding: 6px 8px; border-radius: 4px; border: 1px solid #adb5bd; font: inherit; }
    ul { position: absolute; z-index: 10; left: 0; right: 0; margin: 2px 0 0; padding: 0; list-style: none; background: #fff;
      color: #1b1f24; box-shadow: 0 4px 12px #0003; border-radius: 4px; max-height: 60vh; overflow: auto; }
    li { padding: 6px 8px; cursor: pointer; border-bottom: 1px solid #f1f3f5; }
    li[aria-selected="true"], li:hover { background: #e7f5ff; }
    .kind { font-size: 11px; color: #666; margin-left: 6px; }
    .none { position: absolute; z-index: 10; left: 0; right: 0; margin-top: 2px; padding: 6px 8px; background: #fff;
      color: #1b1f24; box-shadow: 0 4px 12px #0003; border-radius: 4px; }
    .dot { display: inline-block; width: 9px; height: 9px; border-radius: 5px; margin-right: 6px; }
  `;constructor(){super(),this.api="/graphql",this.lang="en",this.event="cc-open",this._hits=[],this._active=-1,this._noMatch=""}focus(){this.renderRoot.querySelector("input")?.focus()}render(){let t=h(this.lang),e=this._hits.length>0;return i`
      <input type="search" role="combobox" aria-label=${this.placeholder??t.searchLabel} aria-autocomplete="list"
        aria-expanded=${e} aria-controls="hits" placeholder=${this.placeholder??t.search} autocomplete="off"
        aria-activedescendant=${this._active>=0?`hit-${this._active}`:""}
        @input=${this.onInput} @keydown=${this.onKey} @blur=${()=>setTimeout(()=>{this._hits=[]},150)}>
      <ul id="hits" role="listbox" ?hidden=${!e}>
        ${this._hits.map((a,r)=>i`<li id="hit-${r}" role="option" aria-selected=${r===this._active}
          @mousedown=${n=>{n.preventDefault(),this.choose(a.node)}}>
          <span class="dot" style="background:${F[a.node.kind]}"></span>${g(a.node,this.lang)}<span class="kind">${L(a.node.kind,this.lang)}</span></li>`)}
      </ul>
      ${this._noMatch?i`<div class="none" role="status">${t.noMatch(this._noMatch)}</div>`:""}`}onInput(t){let e=t.target.value.trim();clearTimeout(this._timer),this._abort?.abort(),this._hits=[],this._active=-1,this._noMatch="",e.length>=2&&(this._timer=setTimeout(()=>this.suggest(e),180))}async suggest(t){let e=this._abort=new AbortController;try{let a=await u(this.api,N,{text:t},e.signal);return e.signal.aborted?null:(this._hits=a.search,this._active=a.search.length?0:-1,this._noMatch=a.search.length?"":t,a.search)}catch(a){return a.name!=="AbortError"&&(this._hits=[]),null}}onKey(t){let e=this._hits.length;t.key==="ArrowDown"&&e?(this._active=(this._active+1)%e,t.preventDefault()):t.key==="ArrowUp"&&e?(this._active=(this._active-1+e)%e,t.preventDefault()):t.key==="Enter"?(t.preventDefault(),this.enter(t.target)):t.key==="Escape"&&(this._hits=[],this._noMatch="")}async enter(t){if(this._active>=0){this.choose(this._hits[this._active].node);return}let e=t.value.trim();if(e.length<2)return;clearTimeout(this._timer);let a=await this.suggest(e);a?.length&&t.value.trim()===e&&this.choose(a[0].node)}choose(t){this._hits=[],this._noMatch="",this.renderRoot.querySelector("input").value="",this.dispatchEvent(new CustomEvent(this.event,{detail:{id:t.id},bubbles:!0,composed:!0,cancelable:!0}))}};customElements.define("cc-search",E);var z={card:480,table:480,graph:560,timeline:420,map:560,journeys:560},V=/^(country|organization|project|convention|activity|theme|goal|source):[a-z0-9][a-z0-9._-]*$/;function B(s){return typeof s=="string"&&V.test(s)}var H={"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"};function b(s){return String(s).replace(/[&<>"']/g,t=>H[t])}function A({origin:s,view:t,entity:e,lang:a,from:r,to:n,asOf:o,project:c}){if(!Object.hasOwn(z,t)||!B(e))return null;let f=new URLSearchParams({id:e}),l=[["view",t],["entity",e],["api",`${s}/graphql`]],x=t==="map"||t==="journeys";for(let[y,v,w]of[["lang","lang",a==="fr"?"fr":""],["from","from",r],["to","to",n],["asOf","as-of",x?o:""],["project","project",t==="journeys"?c:""]])w&&(f.set(y,w),l.push([v,w]));let M=b(`${s}/embed/${t}?${f}`),U=l.map(([y,v])=>`${y}="${b(v)}"`).join(" ");return{iframe:`<iframe src="${M}" width="640" height="${z[t]}" title="Cybercoop: ${b(e)}" loading="lazy" style="border:0;max-width:100%"></iframe>`,element:`<script type="module" src="${b(s)}/embed.js"><\/script>
<cybercoop-view ${U}></cybercoop-view>`}}var j=class extends m{static properties={view:{type:String},entity:{type:String},lang:{type:String},from:{type:String},to:{type:String},asOf:{type:String},project:{type:String},_open:{state:!0},_copied:{state:!0}};static styles=d`
    :host { position: relative; }
    .panel { position: absolute; z-index: 20; right: 0; top: 100%; width: min(560px, 90vw); background: #fff; color: #1b1f24;
      box-shadow: 0 4px 16px #0004; border-radius: 4px; padding: 10px; }
    label { display: block; margin: 6px 0 2px; font-weight: 600; }
    textarea { width: 100%; box-sizing: border-box; font: 12px/1.4 ui-monospace, monospace; height: 5.5em; resize: vertical; }
  `;snippets(){return A({origin:location.origin,view:this.view,entity:this.entity,lang:this.lang,from:this.from,to:this.to,asOf:this.asOf,project:this.project})}render(){let t=h(this.lang),e=this._open?this.snippets():null;return i`<button aria-expanded=${!!this._open} @click=${()=>{this._open=!this._open,this._copied=""}}>${t.embed}</button>
      ${this._open?i`<div class="panel" role="dialog" aria-label=${t.embed} @keydown=${a=>a.key==="Escape"&&(this._open=!1)}>
        ${e?[["iframe",t.embedIframe],["element",t.embedElement]].map(([a,r])=>i`
          <label for=${a}>${r}</label>
          <textarea id=${a} readonly .value=${e[a]} @focus=${n=>n.target.select()}></textarea>
          <button @click=${()=>this.copy(a,e[a])}>${this._copied===a?t.copied:t.copy}</button>`):i`<p role="alert">${t.embedUnavailable}</p>`}
      </div>`:""}`}async copy(t,e){try{await navigator.clipboard.writeText(e)}catch{this.renderRoot.getElementById(t).select();return}this._copied=t}};customElements.define("cc-share",j);var R=["id","view","path","from","to","asOf","project","lang"],p="/graphql";function S(s){let t=["graph","timeline","map","table"];return T(s)==="CONVENTION"?[...t,"journeys"]:t}function O(){let s=new URLSearchParams(location.search),t=Object.fromEntries(R.map(e=>[e,s.get(e)??""]));S(t.id).includes(t.view)||(t.view="graph"),["en","fr"].includes(t.lang)||(t.lang="en");for(let e of["from","to"])t[e]=_(t[e])??"";return D(t.asOf)||(t.asOf=""),/^project:[\w.+-]+$/.test(t.project)||(t.project=""),t}function I(s){let t=new URLSearchParams;for(let a of R){let r=s[a];r&&!(a==="view"&&r==="graph")&&!(a==="lang"&&r==="en")&&t.set(a,r)}let e=t.toString();return location.pathname+(e?"?"+e:"")}var C=class extends m{static properties={state:{state:!0},dateError:{state:!0}};static styles=d`
    :host { display: grid; grid-template: "head head" auto "nav nav" auto "main side" 1fr / minmax(0, 1fr) 380px;
      min-height: 100vh; font: 14px/1.4 system-ui, sans-serif; color: #1b1f24; }
    .date-error { color: #a4161a; font-weight: 600; }
    header { grid-area: head; display: flex; gap: 12px; align-items: center; padding: 8px 12px; background: #1f3a5f; color: #fff; flex-wrap: wrap; }
    header a { color: #cfe2ff; }
    header h1 { font-size: 16px; margin: 0; }
    nav { grid-area: nav; display: flex; gap: 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid #dee2e6; flex-wrap: wrap; }
    [role="tablist"] { display: flex; gap: 2px; }
    [role="tab"] { border: 1px solid #adb5bd; background: #f8f9fa; padding: 4px 12px; cursor: pointer; font: inherit; border-radius: 4px 4px 0 0; }
    [role="tab"][aria-selected="true"] { background: #1f3a5f; color: #fff; border-color: #1f3a5f; }
    main { grid-area: main; padding: 8px 12px; min-width: 0; }
    aside { grid-area: side; padding: 8px 12px; border-left: 1px solid #dee2e6; overflow: auto; max-height: calc(100vh - 90px); position: sticky; top: 0; }
    .lang button { background: none; border: 1px solid #cfe2ff; color: #fff; cursor: pointer; border-radius: 3px; }
    .lang button[aria-pressed="true"] { background: #cfe2ff; color: #1f3a5f; }
    label { white-space: nowrap; }
    input[type="text"] { width: 7em; font: inherit; }
    .intro { max-width: 640px; padding: 24px; }
    .path-bar { display: flex; gap: 6px; align-items: center; }
    @media (max-width: 900px) { :host { grid-template: "head" auto "nav" auto "main" auto "side" auto / 100%; } aside { max-height: none; border-left: 0; } }
  `;constructor(){super(),this.state=O(),addEventListener("popstate",()=>{this.state=O()}),addEventListener("keydown",t=>{t.key==="/"&&!["INPUT","SELECT","TEXTAREA"].includes(t.composedPath()[0]?.tagName)&&(t.preventDefault(),this.renderRoot.querySelector("cc-search")?.focus())}),this.addEventListener("cc-open",t=>{t.preventDefault(),this.go({id:t.detail.id,path:"",asOf:"",project:""})}),this.addEventListener("cc-path",t=>{t.preventDefault(),this.go({path:t.detail.id})}),this.addEventListener("cc-as-of",t=>this.go({asOf:t.detail.asOf},{replace:!0})),this.addEventListener("cc-project",t=>this.go({project:t.detail.project}))}go(t,{replace:e=!1}={}){let a={...this.state,...t},r=I(a);r!==location.pathname+location.search&&history[e?"replaceState":"pushState"](null,"",r),this.state=O()}updated(){document.documentElement.lang=this.state.lang;let t=h(this.state.lang);document.title=this.state.id?`${this.state.id} \xB7 ${t[this.state.view]} \xB7 Cybercoop`:"Cybercoop explorer"}render(){let{id:t,from:e,to:a,lang:r}=this.state,n=h(r);return i`
      <header>
        <h1>Cybercoop</h1>
        <cc-search .api=${p} .lang=${r}></cc-search>
        <span class="lang" role="group" aria-label="Language">
          ${["en","fr"].map(o=>i`<button aria-pressed=${o===r} @click=${()=>this.go({lang:o})}>${o.toUpperCase()}</button>`)}
        </span>
        <a href="/" style="margin-left:auto">${n.playground}</a>
      </header>
      ${t?this.renderNav(n):""}
      <main>${t?this.renderView(n):i`<p class="intro">${n.explorerIntro}</p>`}</main>
      <aside aria-label=${n.facts}>${t?i`<cc-card .entity=${t} .api=${p} .lang=${r} .from=${e} .to=${a}></cc-card>`:""}</aside>`}setDate(t,e){let a=e.value.trim(),r=a===""?"":_(a);if(r===null){this.dateError=t;return}this.dateError="",this.go({[t]:r})}renderNav(t){let{view:e,path:a,from:r,to:n,lang:o}=this.state;return i`
      <nav>
        <div role="tablist" aria-label="Views" @keydown=${this.onTabKey}>
          ${S(this.state.id).map(c=>i`<button role="tab" id="tab-${c}" aria-selected=${!a&&c===e} tabindex=${c===e?0:-1}
            @click=${()=>this.go({view:c,path:""})}>${t[c]}</button>`)}
        </div>
        <span class="path-bar">${t.pathTo}:
          <cc-search .api=${p} .lang=${o} event="cc-path" placeholder=${t.pathTo}></cc-search>
          ${a?i`<button @click=${()=>this.go({path:""})}>${t.clear}</button>`:""}</span>
        <label>${t.from} <input type="text" placeholder="2017-01" .value=${r} aria-label=${t.from}
          aria-invalid=${this.dateError==="from"} @change=${c=>this.setDate("from",c.target)}></label>
        <label>${t.to} <input type="text" placeholder="2018-12" .value=${n} aria-label=${t.to}
          aria-invalid=${this.dateError==="to"} @change=${c=>this.setDate("to",c.target)}></label>
        ${this.dateError?i`<span class="date-error" role="alert">${t.badDate}</span>`:""}
        ${a?"":i`<cc-share .view=${e} .entity=${this.state.id} .lang=${o} .from=${r} .to=${n}
          .asOf=${this.state.asOf} .project=${this.state.project}></cc-share>`}
      </nav>`}renderView(t){let{id:e,view:a,path:r,from:n,to:o,asOf:c,project:f,lang:l}=this.state;if(r)return i`<cc-path .entity=${e} .target=${r} .api=${p} .lang=${l}></cc-path>`;switch(a){case"timeline":return i`<cc-timeline .entity=${e} .api=${p} .lang=${l} .from=${n} .to=${o}></cc-timeline>`;case"map":return i`<cc-map .entity=${e} .api=${p} .lang=${l} .from=${n} .to=${o} .asOf=${c}></cc-map>`;case"journeys":return i`<cc-journeys .entity=${e} .api=${p} .lang=${l} .asOf=${c} .project=${f}></cc-journeys>`;case"table":return i`<cc-table .entity=${e} .api=${p} .lang=${l} .from=${n} .to=${o} mode="activities"></cc-table>
          <cc-table .entity=${e} .api=${p} .lang=${l} .from=${n} .to=${o} mode="collaborators"></cc-table>`;default:return i`<cc-graph .entity=${e} .api=${p} .lang=${l} .from=${n} .to=${o}></cc-graph>
          <p><a href=${I({...this.state,view:"table"})} @click=${x=>{x.preventDefault(),this.go({view:"table"})}}>${t.textAlternative}</a></p>`}}onTabKey(t){if(t.key!=="ArrowRight"&&t.key!=="ArrowLeft")return;let e=S(this.state.id),a=e.indexOf(this.state.view)+(t.key==="ArrowRight"?1:-1),r=e[(a+e.length)%e.length];this.go({view:r,path:""}),this.updateComplete.then(()=>this.renderRoot.getElementById(`tab-${r}`)?.focus())}};customElements.define("cc-explorer",C);
