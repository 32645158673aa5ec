import"./chunk-WNGRWF7N.js";import"./chunk-7WEBA5X4.js";import"./chunk-FHI5WQUF.js";import"./chunk-4RJQHRPB.js";import"./chunk-VEZNBI6R.js";import"./chunk-RN6LU46O.js";import{a as M}from"./chunk-FBFTFKEB.js";import"./chunk-XR7X6HD5.js";import{a as w}from"./chunk-S6IA7MSW.js";import"./chunk-ZS7EOZQI.js";import{c as R}from"./chunk-JWIZOWBI.js";import{A as z,B as A,b as m,c as o,f as S,g as f,h as d,j as T,k as L,m as D,o as g,x as C,y}from"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";var I={id:"sha256:0280410494f853b60db03a760e0d5f9e16812d1b4216ebfb2269f76e2c39e27c",text:`query Suggest($text: String!) { search(text: $text, first: 8) { node { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } } }
`};var _=class extends f{static properties={api:{type:String},lang:{type:String},placeholder:{type:String},event:{type:String},_hits:{state:!0},_active:{state:!0},_noMatch:{state:!0}};static styles=m`
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
  `;constructor(){super(),this.api="/graphql",this.lang="en",this.event="cc-open",this._hits=[],this._active=-1,this._noMatch=""}focus(){this.renderRoot.querySelector("input")?.focus()}render(){let t=d(this.lang),e=this._hits.length>0;return o`
      <input type="search" role="combobox" aria-label=${this.placeholder??t.searchLabel} aria-autocomplete="list"
        aria-expanded=${e} aria-controls="hits" placeholder=${this.placeholder??t.search} autocomplete="off"
        aria-activedescendant=${this._active>=0?`hit-${this._active}`:""}
        @input=${this.onInput} @keydown=${this.onKey} @blur=${()=>setTimeout(()=>{this._hits=[]},150)}>
      <ul id="hits" role="listbox" ?hidden=${!e}>
        ${this._hits.map((a,r)=>o`<li id="hit-${r}" role="option" aria-selected=${r===this._active}
          @mousedown=${i=>{i.preventDefault(),this.choose(a.node)}}>
          <span class="dot" style=${M({background:C[a.node.kind]})}></span>${D(a.node,this.lang)}<span class="kind">${T(a.node.kind,this.lang)}</span></li>`)}
      </ul>
      ${this._noMatch?o`<div class="none" role="status">${t.noMatch(this._noMatch)}</div>`:""}`}onInput(t){let e=t.target.value.trim();clearTimeout(this._timer),this._abort?.abort(),this._hits=[],this._active=-1,this._noMatch="",e.length>=2&&(this._timer=setTimeout(()=>this.suggest(e),180))}async suggest(t){let e=this._abort=new AbortController;try{let a=await L(this.api,I,{text:t},e.signal);return e.signal.aborted?null:(this._hits=a.search,this._active=a.search.length?0:-1,this._noMatch=a.search.length?"":t,a.search)}catch(a){return a.name!=="AbortError"&&(this._hits=[]),null}}onKey(t){let e=this._hits.length;t.key==="ArrowDown"&&e?(this._active=(this._active+1)%e,t.preventDefault()):t.key==="ArrowUp"&&e?(this._active=(this._active-1+e)%e,t.preventDefault()):t.key==="Enter"?(t.preventDefault(),this.enter(t.target)):t.key==="Escape"&&(this._hits=[],this._noMatch="")}async enter(t){if(this._active>=0){this.choose(this._hits[this._active].node);return}let e=t.value.trim();if(e.length<2)return;clearTimeout(this._timer);let a=await this.suggest(e);a?.length&&t.value.trim()===e&&this.choose(a[0].node)}choose(t){this._hits=[],this._noMatch="",this.renderRoot.querySelector("input").value="",this.dispatchEvent(new CustomEvent(this.event,{detail:{id:t.id},bubbles:!0,composed:!0,cancelable:!0}))}};customElements.define("cc-search",_);var N={card:480,table:480,graph:560,timeline:420,map:560,journeys:560},V=/^(country|organization|project|convention|activity|theme|goal|source):[a-z0-9][a-z0-9._-]*$/;function H(s){return typeof s=="string"&&V.test(s)}var B={"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"};function b(s){return String(s).replace(/[&<>"']/g,t=>B[t])}function q({origin:s,view:t,entity:e,lang:a,from:r,to:i,asOf:n,project:c}){if(!Object.hasOwn(N,t)||!H(e))return null;let u=new URLSearchParams({id:e}),p=[["view",t],["entity",e],["api",`${s}/graphql`]],h=t==="map"||t==="journeys";for(let[$,x,v]of[["lang","lang",a==="fr"?"fr":""],["from","from",r],["to","to",i],["asOf","as-of",h?n:""],["project","project",t==="journeys"?c:""]])v&&(u.set($,v),p.push([x,v]));let F=b(`${s}/embed/${t}?${u}`),K=p.map(([$,x])=>`${$}="${b(x)}"`).join(" ");return{iframe:`<iframe src="${F}" width="640" height="${N[t]}" title="Cybercoop: ${b(e)}" loading="lazy" style="border:0;max-width:100%"></iframe>`,element:`<script type="module" src="${b(s)}/embed.js"><\/script>
<cybercoop-view ${K}></cybercoop-view>`}}var k=class extends f{static properties={view:{type:String},entity:{type:String},lang:{type:String},from:{type:String},to:{type:String},asOf:{type:String},project:{type:String},_open:{state:!0},_copied:{state:!0}};static styles=m`
    :host { position: relative; }
    .panel { position: absolute; z-index: 20; right: 0; top: 100%; width: min(560px, 90vw); background: var(--cybercoop-panel);
      color: var(--cybercoop-text); box-shadow: 0 4px 16px #0006; border-radius: 4px; padding: 10px; }
    label { display: block; margin: 6px 0 2px; font-weight: 600; }
    textarea { width: 100%; box-sizing: border-box; font: 12px/1.4 ui-monospace, monospace; height: 5.5em; resize: vertical; }
  `;snippets(){return q({origin:location.origin,view:this.view,entity:this.entity,lang:this.lang,from:this.from,to:this.to,asOf:this.asOf,project:this.project})}render(){let t=d(this.lang),e=this._open?this.snippets():null;return o`<button aria-expanded=${!!this._open} @click=${()=>{this._open=!this._open,this._copied=""}}>${t.embed}</button>
      ${this._open?o`<div class="panel" role="dialog" aria-label=${t.embed} @keydown=${a=>a.key==="Escape"&&(this._open=!1)}>
        ${e?[["iframe",t.embedIframe],["element",t.embedElement]].map(([a,r])=>o`
          <label for=${a}>${r}</label>
          <textarea id=${a} readonly .value=${e[a]} @focus=${i=>i.target.select()}></textarea>
          <button @click=${()=>this.copy(a,e[a])}>${this._copied===a?t.copied:t.copy}</button>`):o`<p role="alert">${t.embedUnavailable}</p>`}
      </div>`:""}`}async copy(t,e){try{await navigator.clipboard.writeText(e)}catch{this.renderRoot.getElementById(t).select();return}this._copied=t}};customElements.define("cc-share",k);var P=["id","view","path","from","to","asOf","project","lang"],l="/graphql";function j(s){let t=["graph","timeline","map","table"];return g(s)==="CONVENTION"?[...t,"journeys"]:t}function E(){let s=new URLSearchParams(location.search),t=Object.fromEntries(P.map(e=>[e,s.get(e)??""]));j(t.id).includes(t.view)||(t.view="graph"),["en","fr"].includes(t.lang)||(t.lang="en");for(let e of["from","to"])t[e]=y(t[e])??"";return R(t.asOf)||(t.asOf=""),/^project:[\w.+-]+$/.test(t.project)||(t.project=""),t}function U(s){let t=new URLSearchParams;for(let a of P){let r=s[a];r&&!(a==="view"&&r==="graph")&&!(a==="lang"&&r==="en")&&t.set(a,r)}let e=t.toString();return location.pathname+(e?"?"+e:"")}var O=class extends f{static properties={state:{state:!0},dateError:{state:!0}};static styles=m`
    :host { ${z} display: grid; grid-template: "head head" auto "nav nav" auto "main side" 1fr / minmax(0, 1fr) 380px;
      min-height: 100vh; font: 14px/1.4 system-ui, sans-serif; color: var(--cybercoop-text); background: var(--cybercoop-background); }
    @media (prefers-color-scheme: dark) { :host { ${A} } }
    .date-error { color: var(--cybercoop-error); font-weight: 600; }
    header { grid-area: head; display: flex; gap: 12px; align-items: center; padding: 8px 12px; background: #1f3a5f; color: #fff; flex-wrap: wrap; }
    header a { color: #cfe2ff; }
    header h1 { font-size: 16px; margin: 0; }
    header .playground { margin-left: auto; }
    :focus-visible { outline: 2px solid var(--cybercoop-focus); outline-offset: 1px; }
    header :focus-visible { outline-color: #ffd43b; }
    nav { grid-area: nav; display: flex; gap: 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid var(--cybercoop-line); flex-wrap: wrap; }
    nav a { color: var(--cybercoop-link); }
    [role="tablist"] { display: flex; gap: 2px; }
    [role="tab"] { border: 1px solid var(--cybercoop-border); background: var(--cybercoop-head); color: var(--cybercoop-text); padding: 4px 12px;
      cursor: pointer; font: inherit; border-radius: 4px 4px 0 0; }
    [role="tab"][aria-selected="true"] { background: #1f3a5f; color: #fff; border-color: #1f3a5f; }
    main { grid-area: main; padding: 8px 12px; min-width: 0; }
    aside { grid-area: side; padding: 8px 12px; border-left: 1px solid var(--cybercoop-line); overflow: auto; max-height: calc(100vh - 90px); position: sticky; top: 0; }
    .lang button { background: none; border: 1px solid #cfe2ff; color: #fff; cursor: pointer; border-radius: 3px; }
    .lang button[aria-pressed="true"] { background: #cfe2ff; color: #1f3a5f; }
    .exports { font-size: 12px; }
    label { white-space: nowrap; }
    input[type="text"] { width: 7em; font: inherit; }
    .intro { max-width: 640px; padding: 24px; }
    .path-bar { display: flex; gap: 6px; align-items: center; }
    @media (max-width: 900px) { :host { grid-template: "head" auto "nav" auto "main" auto "side" auto / 100%; } aside { max-height: none; border-left: 0; } }
  `;constructor(){super(),this.state=E(),addEventListener("popstate",()=>{this.state=E()}),addEventListener("keydown",t=>{t.key==="/"&&!["INPUT","SELECT","TEXTAREA"].includes(t.composedPath()[0]?.tagName)&&(t.preventDefault(),this.renderRoot.querySelector("cc-search")?.focus())}),this.addEventListener("cc-open",t=>{t.preventDefault(),this.go({id:t.detail.id,path:"",asOf:"",project:""})}),this.addEventListener("cc-path",t=>{t.preventDefault(),this.go({path:t.detail.id})}),this.addEventListener("cc-as-of",t=>this.go({asOf:t.detail.asOf},{replace:!0})),this.addEventListener("cc-project",t=>this.go({project:t.detail.project}))}go(t,{replace:e=!1}={}){let a={...this.state,...t},r=U(a);r!==location.pathname+location.search&&history[e?"replaceState":"pushState"](null,"",r),this.state=E()}updated(){document.documentElement.lang=this.state.lang;let t=d(this.state.lang);document.title=this.state.id?`${this.state.id} \xB7 ${t[this.state.view]} \xB7 Cybercoop`:"Cybercoop explorer"}render(){let{id:t,from:e,to:a,lang:r}=this.state,i=d(r);return o`
      <header>
        <h1>Cybercoop</h1>
        <cc-search .api=${l} .lang=${r}></cc-search>
        <span class="lang" role="group" aria-label=${i.language}>
          ${["en","fr"].map(n=>o`<button aria-pressed=${n===r} @click=${()=>this.go({lang:n})}>${n.toUpperCase()}</button>`)}
        </span>
        <a class="playground" href="/">${i.playground}</a>
      </header>
      ${t?this.renderNav(i):""}
      ${t&&!this.state.path?o`<main id="panel" role="tabpanel" aria-labelledby="tab-${this.state.view}">${this.renderView(i)}</main>`:o`<main>${t?this.renderView(i):o`<p class="intro">${i.explorerIntro}</p>`}</main>`}
      <aside aria-label=${i.facts}>${t?o`<cc-card .entity=${t} .api=${l} .lang=${r} .from=${e} .to=${a}></cc-card>`:""}</aside>`}setDate(t,e){let a=e.value.trim(),r=a===""?"":y(a);if(r===null){this.dateError=t;return}this.dateError="",this.go({[t]:r})}renderNav(t){let{view:e,path:a,from:r,to:i,lang:n}=this.state;return o`
      <nav>
        <div role="tablist" aria-label=${t.views} @keydown=${this.onTabKey}>
          ${j(this.state.id).map(c=>o`<button role="tab" id="tab-${c}" aria-controls=${a?S:"panel"} aria-selected=${!a&&c===e} tabindex=${c===e?0:-1}
            @click=${()=>this.go({view:c,path:""})}>${t[c]}</button>`)}
        </div>
        <span class="path-bar">${t.pathTo}:
          <cc-search .api=${l} .lang=${n} event="cc-path" placeholder=${t.pathTo}></cc-search>
          ${a?o`<button @click=${()=>this.go({path:""})}>${t.clear}</button>`:""}</span>
        <label>${t.from} <input type="text" placeholder="2017-01" .value=${r} aria-label=${t.from}
          aria-invalid=${this.dateError==="from"} @change=${c=>this.setDate("from",c.target)}></label>
        <label>${t.to} <input type="text" placeholder="2018-12" .value=${i} aria-label=${t.to}
          aria-invalid=${this.dateError==="to"} @change=${c=>this.setDate("to",c.target)}></label>
        ${this.dateError?o`<span class="date-error" role="alert">${t.badDate}</span>`:""}
        ${a?"":o`<cc-share .view=${e} .entity=${this.state.id} .lang=${n} .from=${r} .to=${i}
          .asOf=${this.state.asOf} .project=${this.state.project}></cc-share>`}
        ${this.renderExports(t)}
      </nav>`}renderExports(t){let{id:e,from:a,to:r}=this.state,i={...a?{from:a}:{},...r?{to:r}:{}},n={COUNTRY:"country",ORGANIZATION:"organization",PROJECT:"project",THEME:"theme"}[g(e)],c=[n&&[`/export/activities.csv?${new URLSearchParams({[n]:e,...i})}`,t.exportActivities],w(g(e)).includes("collaborators")&&[`/export/collaborators.csv?${new URLSearchParams({of:e,...i})}`,t.exportCollaborators],[`/export/neighborhood.graphml?${new URLSearchParams({id:e})}`,t.exportGraphML]].filter(Boolean);return o`<span class="exports">${t.exports}: ${c.map(([u,p],h)=>o`${h?", ":""}<a href=${u} download>${p}</a>`)}</span>`}renderView(t){let{id:e,view:a,path:r,from:i,to:n,asOf:c,project:u,lang:p}=this.state;if(r)return o`<cc-path .entity=${e} .target=${r} .api=${l} .lang=${p} .from=${i} .to=${n}></cc-path>`;switch(a){case"timeline":return o`<cc-timeline .entity=${e} .api=${l} .lang=${p} .from=${i} .to=${n}></cc-timeline>`;case"map":return o`<cc-map .entity=${e} .api=${l} .lang=${p} .from=${i} .to=${n} .asOf=${c}></cc-map>`;case"journeys":return o`<cc-journeys .entity=${e} .api=${l} .lang=${p} .asOf=${c} .project=${u}></cc-journeys>`;case"table":return w(g(e)).map(h=>o`<cc-table .entity=${e} .api=${l} .lang=${p} .from=${i} .to=${n} .mode=${h}></cc-table>`);default:return o`<cc-graph .entity=${e} .api=${l} .lang=${p} .from=${i} .to=${n}></cc-graph>
          <p><a href=${U({...this.state,view:"table"})} @click=${h=>{h.preventDefault(),this.go({view:"table"})}}>${t.textAlternative}</a></p>`}}onTabKey(t){let e=j(this.state.id),a=e.indexOf(this.state.view),r={ArrowRight:a+1,ArrowLeft:a-1,Home:0,End:e.length-1}[t.key];if(r===void 0)return;t.preventDefault();let i=e[(r+e.length)%e.length];this.go({view:i,path:""},{replace:!0}),this.updateComplete.then(()=>this.renderRoot.getElementById(`tab-${i}`)?.focus())}};customElements.define("cc-explorer",O);
