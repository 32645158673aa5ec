import{b as f,c as i,i as d,k as h,m as u,p as c,q as $,z as m}from"./chunk-O76BBFZL.js";var y={id:"sha256:3d67781ffe83cf7fff0b91120162d1577e2cf1dfcc4ab24197da63fc267050aa",text:`query Paths($from: ID!, $to: ID!, $since: Date, $until: Date) {
  from: entity(id: $from) { id label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } }
  to: entity(id: $to) { id label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } }
  paths(from: $from, to: $to, maxHops: 4, first: 10, since: $since, until: $until) {
    length
    hops { from { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } to { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } type direction role sources { source { reference title } locator } }
  }
}
`};var p=class extends m{static properties={target:{type:String}};static reloadOn=[...m.reloadOn,"target"];static styles=[m.baseStyles,f`
    ol.routes { padding-left: 20px; }
    ol.routes > li { margin: 10px 0; }
    ol.hops { list-style: none; padding-left: 0; margin: 4px 0; }
    h2 { font-size: 16px; margin: 6px 0; }
    ol.hops li { margin: 3px 0 3px 12px; border-left: 3px solid var(--cybercoop-line); padding-left: 8px; }
    .rel { font-variant: small-caps; color: var(--cybercoop-muted); }
  `];ready(){return!!(this.entity&&this.target)}async load(o){let r={since:this.from||null,until:this.to||null},t=await h(this.api,y,{from:this.entity,to:this.target,...r},o);return{...t,paths:x(g(t.paths))}}renderData({from:o,to:r,paths:t}){let n=this.t;return i`
      <h2>${this.entityLink(o)} → ${this.entityLink(r)}: ${t.length?n.routes(t.length):n.noRoute}</h2>
      ${this.from||this.to?i`<p class="muted">${n.onlyActivitiesOf(this.periodText())}</p>`:""}
      <ol class="routes">${t.map(l=>i`<li>
        <strong>${n.hops(l.length)}</strong>: ${[l.hops[0].from,...l.hops.map(e=>e.to)].map((e,s)=>i`${s?" \u2192 ":""}${u(e,this.lang)}`)}
        <ol class="hops">${l.hops.map(e=>i`<li>
          ${this.entityLink(e.from)} <span class="rel">${e.direction==="OUT"?"\u2014":"\u2190"} ${d("relationType",e.type,this.lang)}${e.role?` (${e.role})`:""} ${e.direction==="OUT"?"\u2192":"\u2014"}</span> ${this.entityLink(e.to)}
          <div class="muted">${n.evidence}: ${e.sources.length?e.sources.map(s=>`${s.source.reference??s.source.title}, ${s.locator}`).join("; "):"\u2014"}</div>
        </li>`)}</ol>
      </li>`)}</ol>`}periodText(){let o=this.t;return this.from&&this.to?$(this.from,this.to,this.lang):this.from?o.since(c(this.from,this.lang)):o.until(c(this.to,this.lang))}};function g(a){let o=new Set;return a.filter(r=>{let t=r.hops.map(n=>`${n.from.id}|${n.type}|${n.to.id}`).join(">");return!o.has(t)&&o.add(t)})}function x(a){let o=r=>r.hops.reduce((t,n)=>t+n.sources.length,0);return[...a].sort((r,t)=>r.length-t.length||o(t)-o(r))}customElements.define("cc-path",p);export{p as a};
