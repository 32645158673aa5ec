import{a as p,b as n,c as m,d as h,e as v,f,g as u,h as w,i as g}from"./chunk-HCEEA4IL.js";import"./chunk-IYWUY3VA.js";var k={id:"sha256:9d189bb32de288551d308a75418a09bbebfba844e57543da058329fc20dc1a43",text:`query Paths($from: ID!, $to: ID!) {
  from: entity(id: $from) { id label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } }
  to: entity(id: $to) { id label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } }
  paths(from: $from, to: $to, maxHops: 4, first: 10) {
    length
    hops { from { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } to { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } type direction role sources { source { reference title } locator } }
  }
}
`};var $=class extends g{static properties={target:{type:String}};static reloadOn=[...g.reloadOn,"target"];static styles=[g.baseStyles,p`
    ol.routes { padding-left: 20px; }
    ol.routes > li { margin: 10px 0; }
    ol.hops { list-style: none; padding-left: 0; margin: 4px 0; }
    ol.hops li { margin: 3px 0 3px 12px; border-left: 3px solid #dee2e6; padding-left: 8px; }
    .rel { font-variant: small-caps; color: #555; }
  `];ready(){return!!(this.entity&&this.target)}async load(t){let e=await f(this.api,k,{from:this.entity,to:this.target},t);return{...e,paths:L(T(e.paths))}}renderData({from:t,to:e,paths:a}){let i=this.t;return n`
      <h3>${this.entityLink(t)} → ${this.entityLink(e)}: ${a.length?i.routes(a.length):i.noRoute}</h3>
      <ol class="routes">${a.map(s=>n`<li>
        <strong>${i.hops(s.length)}</strong>: ${[s.hops[0].from,...s.hops.map(r=>r.to)].map((r,o)=>n`${o?" \u2192 ":""}${u(r,this.lang)}`)}
        <ol class="hops">${s.hops.map(r=>n`<li>
          ${this.entityLink(r.from)} <span class="rel">${r.direction==="OUT"?"\u2014":"\u2190"} ${r.type.replaceAll("_"," ").toLowerCase()}${r.role?` (${r.role})`:""} ${r.direction==="OUT"?"\u2192":"\u2014"}</span> ${this.entityLink(r.to)}
          <div class="muted">${i.evidence}: ${r.sources.length?r.sources.map(o=>`${o.source.reference??o.source.title}, ${o.locator}`).join("; "):"\u2014"}</div>
        </li>`)}</ol>
      </li>`)}</ol>`}};function T(l){let t=new Set;return l.filter(e=>{let a=e.hops.map(i=>`${i.from.id}|${i.type}|${i.to.id}`).join(">");return!t.has(a)&&t.add(a)})}function L(l){let t=e=>e.hops.reduce((a,i)=>a+i.sources.length,0);return[...l].sort((e,a)=>e.length-a.length||t(a)-t(e))}customElements.define("cc-path",$);var _={id:"sha256:0280410494f853b60db03a760e0d5f9e16812d1b4216ebfb2269f76e2c39e27c",text:`query Suggest($text: String!) { search(text: $text, first: 8) { node { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } } }
`};var b=class extends m{static properties={api:{type:String},lang:{type:String},placeholder:{type:String},event:{type:String},_hits:{state:!0},_active:{state:!0}};static styles=p`
    :host { position: relative; display: inline-block; flex: 0 1 380px; }
    input { width: 100%; box-sizing: border-box; padding: 6px 8px; border-radius: 4px; border: 1px solid #adb5bd; font: inherit; }
    ul { position: absolute; z-index: 10; left: 0; right: 0; margin: 2px 0 0; padding: 0; list-style: none; background: #fff;
      color: #1b1f24; box-shadow: 0 4px 12px #0003; border-radius: 4px; max-height: 60vh; overflow: auto; }
    li { padding: 6px 8px; cursor: pointer; border-bottom: 1px solid #f1f3f5; }
    li[aria-selected="true"], li:hover { background: #e7f5ff; }
    .kind { font-size: 11px; color: #666; margin-left: 6px; }
    .dot { display: inline-block; width: 9px; height: 9px; border-radius: 5px; margin-right: 6px; }
  `;constructor(){super(),this.api="/graphql",this.lang="en",this.event="cc-open",this._hits=[],this._active=-1}focus(){this.renderRoot.querySelector("input")?.focus()}render(){let t=h(this.lang),e=this._hits.length>0;return n`
      <input type="search" role="combobox" aria-label=${this.placeholder??t.searchLabel} aria-autocomplete="list"
        aria-expanded=${e} aria-controls="hits" placeholder=${this.placeholder??t.search} autocomplete="off"
        aria-activedescendant=${this._active>=0?`hit-${this._active}`:""}
        @input=${this.onInput} @keydown=${this.onKey} @blur=${()=>setTimeout(()=>{this._hits=[]},150)}>
      <ul id="hits" role="listbox" ?hidden=${!e}>
        ${this._hits.map((a,i)=>n`<li id="hit-${i}" role="option" aria-selected=${i===this._active}
          @mousedown=${s=>{s.preventDefault(),this.choose(a.node)}}>
          <span class="dot" style="background:${w[a.node.kind]}"></span>${u(a.node,this.lang)}<span class="kind">${v(a.node.kind,this.lang)}</span></li>`)}
      </ul>`}onInput(t){let e=t.target.value.trim();if(clearTimeout(this._timer),this._abort?.abort(),e.length<2){this._hits=[];return}this._timer=setTimeout(async()=>{let a=this._abort=new AbortController;try{let i=await f(this.api,_,{text:e},a.signal);this._hits=i.search,this._active=i.search.length?0:-1}catch(i){i.name!=="AbortError"&&(this._hits=[])}},180)}onKey(t){let e=this._hits.length;t.key==="ArrowDown"&&e?(this._active=(this._active+1)%e,t.preventDefault()):t.key==="ArrowUp"&&e?(this._active=(this._active-1+e)%e,t.preventDefault()):t.key==="Enter"&&this._active>=0?(this.choose(this._hits[this._active].node),t.preventDefault()):t.key==="Escape"&&(this._hits=[])}choose(t){this._hits=[],this.renderRoot.querySelector("input").value="",this.dispatchEvent(new CustomEvent(this.event,{detail:{id:t.id},bubbles:!0,composed:!0,cancelable:!0}))}};customElements.define("cc-search",b);var d=["graph","timeline","map","table"],E=["id","view","path","from","to","lang"],c="/graphql";function x(){let l=new URLSearchParams(location.search),t=Object.fromEntries(E.map(e=>[e,l.get(e)??""]));d.includes(t.view)||(t.view="graph"),["en","fr"].includes(t.lang)||(t.lang="en");for(let e of["from","to"])/^\d{4}(-\d{2}(-\d{2})?)?$/.test(t[e])||(t[e]="");return t}function C(l){let t=new URLSearchParams;for(let a of E){let i=l[a];i&&!(a==="view"&&i==="graph")&&!(a==="lang"&&i==="en")&&t.set(a,i)}let e=t.toString();return location.pathname+(e?"?"+e:"")}var y=class extends m{static properties={state:{state:!0}};static styles=p`
    :host { display: grid; grid-template: "head head" auto "nav nav" auto "main side" 1fr / minmax(0, 1fr) 380px;
      min-height: 100vh; font: 14px/1.4 system-ui, sans-serif; color: #1b1f24; }
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
  `;constructor(){super(),this.state=x(),addEventListener("popstate",()=>{this.state=x()}),addEventListener("keydown",t=>{t.key==="/"&&!["INPUT","SELECT","TEXTAREA"].includes(t.composedPath()[0]?.tagName)&&(t.preventDefault(),this.renderRoot.querySelector("cc-search")?.focus())}),this.addEventListener("cc-open",t=>{t.preventDefault(),this.go({id:t.detail.id,path:""})}),this.addEventListener("cc-path",t=>{t.preventDefault(),this.go({path:t.detail.id})})}go(t){let e={...this.state,...t},a=C(e);a!==location.pathname+location.search&&history.pushState(null,"",a),this.state=x()}updated(){document.documentElement.lang=this.state.lang;let t=h(this.state.lang);document.title=this.state.id?`${this.state.id} \xB7 ${t[this.state.view]} \xB7 Cybercoop`:"Cybercoop explorer"}render(){let{id:t,from:e,to:a,lang:i}=this.state,s=h(i);return n`
      <header>
        <h1>Cybercoop</h1>
        <cc-search .api=${c} .lang=${i}></cc-search>
        <span class="lang" role="group" aria-label="Language">
          ${["en","fr"].map(r=>n`<button aria-pressed=${r===i} @click=${()=>this.go({lang:r})}>${r.toUpperCase()}</button>`)}
        </span>
        <a href="/" style="margin-left:auto">${s.playground}</a>
      </header>
      ${t?this.renderNav(s):""}
      <main>${t?this.renderView(s):n`<p class="intro">${s.explorerIntro}</p>`}</main>
      <aside aria-label=${s.facts}>${t?n`<cc-card .entity=${t} .api=${c} .lang=${i} .from=${e} .to=${a}></cc-card>`:""}</aside>`}renderNav(t){let{view:e,path:a,from:i,to:s,lang:r}=this.state;return n`
      <nav>
        <div role="tablist" aria-label="Views" @keydown=${this.onTabKey}>
          ${d.map(o=>n`<button role="tab" id="tab-${o}" aria-selected=${!a&&o===e} tabindex=${o===e?0:-1}
            @click=${()=>this.go({view:o,path:""})}>${t[o]}</button>`)}
        </div>
        <span class="path-bar">${t.pathTo}:
          <cc-search .api=${c} .lang=${r} event="cc-path" placeholder=${t.pathTo}></cc-search>
          ${a?n`<button @click=${()=>this.go({path:""})}>${t.clear}</button>`:""}</span>
        <label>${t.from} <input type="text" placeholder="2017-01" .value=${i} aria-label=${t.from}
          @change=${o=>this.go({from:o.target.value.trim()})}></label>
        <label>${t.to} <input type="text" placeholder="2018-12" .value=${s} aria-label=${t.to}
          @change=${o=>this.go({to:o.target.value.trim()})}></label>
      </nav>`}renderView(t){let{id:e,view:a,path:i,from:s,to:r,lang:o}=this.state;if(i)return n`<cc-path .entity=${e} .target=${i} .api=${c} .lang=${o}></cc-path>`;switch(a){case"timeline":return n`<cc-timeline .entity=${e} .api=${c} .lang=${o} .from=${s} .to=${r}></cc-timeline>`;case"map":return n`<cc-map .entity=${e} .api=${c} .lang=${o} .from=${s} .to=${r}></cc-map>`;case"table":return n`<cc-table .entity=${e} .api=${c} .lang=${o} .from=${s} .to=${r} mode="activities"></cc-table>
          <cc-table .entity=${e} .api=${c} .lang=${o} .from=${s} .to=${r} mode="collaborators"></cc-table>`;default:return n`<cc-graph .entity=${e} .api=${c} .lang=${o} .from=${s} .to=${r}></cc-graph>
          <p><a href=${C({...this.state,view:"table"})} @click=${F=>{F.preventDefault(),this.go({view:"table"})}}>${t.textAlternative}</a></p>`}}onTabKey(t){if(t.key!=="ArrowRight"&&t.key!=="ArrowLeft")return;let e=d.indexOf(this.state.view)+(t.key==="ArrowRight"?1:-1),a=d[(e+d.length)%d.length];this.go({view:a,path:""}),this.updateComplete.then(()=>this.renderRoot.getElementById(`tab-${a}`)?.focus())}};customElements.define("cc-explorer",y);
