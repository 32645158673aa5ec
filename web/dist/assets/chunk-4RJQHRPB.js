import{a as A}from"./chunk-VEZNBI6R.js";import{b as v,c as a,d as p,i as k,k as T,m as y,p as C,q as h,r as E,s as w,t as I,z as u}from"./chunk-O76BBFZL.js";var O={id:"sha256:1bf01ed1ddedd219b15751d59d0c99707f75cdb8dfd199be0dd698a7de0b9cb8",text:`query Timeline($id: ID!, $from: Date, $to: Date) {
  timeline(of: $id, from: $from, to: $to, first: 100) {
    date end kind summary
    node { id kind label ... on Activity { type placeAsWritten } }
    accession { status date entryIntoForce conflict
      party { id label ... on Country { countryNameFr: nameFr } ... on Organization { nameFr } }
      convention { id label shortName nameFr } }
    sources { source { reference title } locator }
  }
}
`};var D=100,z=["ACTIVITY","ACCESSION","PROJECT_START","PROJECT_END"],F={ACTIVITY:"activity",ACCESSION:"accession",PROJECT_START:"start",PROJECT_END:"end"},d=900,r=34,c=10,f=110,x=20,b=class extends u{static styles=[u.baseStyles,v`
    svg { width: 100%; height: auto; max-width: ${d}px; display: block; }
    .tick text { font-size: 10px; fill: var(--cybercoop-muted); }
    .tick line, line.axis { stroke: var(--cybercoop-axis); }
    line.lane-line { stroke: var(--cybercoop-line); }
    .lane { font-size: 11px; fill: var(--cybercoop-text); }
    ol { list-style: none; padding: 0; margin: 10px 0; }
    li { padding: 4px 0; border-bottom: 1px solid var(--cybercoop-line); }
    time { font-weight: 600; margin-right: 6px; white-space: nowrap; }
    .tag { font-size: 11px; padding: 0 4px; border-radius: 3px; color: var(--cybercoop-tag-text); margin-right: 4px; }
    .activity { fill: var(--cybercoop-lane-activity); background: var(--cybercoop-lane-activity); }
    .accession { fill: var(--cybercoop-lane-accession); background: var(--cybercoop-lane-accession); }
    .start { fill: var(--cybercoop-lane-start); background: var(--cybercoop-lane-start); }
    .end { fill: var(--cybercoop-lane-end); background: var(--cybercoop-lane-end); }
  `];load(n){return T(this.api,O,{id:this.entity,from:this.from||null,to:this.to||null},n)}renderData({timeline:n}){let e=this.t,o=n.map(t=>({...t,bounds:I(t.date,t.end)}));if(!o.length)return a`<div class="status">—</div>`;let $=new Date(Math.min(...o.map(t=>t.bounds[0]))),N=new Date(Math.max(...o.map(t=>t.bounds[1]))),s=A().domain([$,N]).nice().range([f,d-x]),m=z.filter(t=>o.some(i=>i.kind===t)),R=c+m.length*r+24,l=c+m.length*r;return a`
      ${o.length>=D?a`<div class="muted" role="status">${e.firstEvents(D)}</div>`:""}
      <svg viewBox="0 0 ${d} ${R}" role="img" aria-label=${e.timelineEvents(o.length)}>
        ${m.map((t,i)=>p`
          <text class="lane" x="4" y=${c+i*r+20}>${e.event[t]}</text>
          <line class="lane-line" x1=${f} x2=${d-x} y1=${c+i*r+16} y2=${c+i*r+16}></line>`)}
        ${o.map(t=>{let i=c+m.indexOf(t.kind)*r+10,g=s(t.bounds[0]),S=Math.max(4,s(t.bounds[1])-g);return p`<rect class=${F[t.kind]} x=${g} y=${i} width=${S} height="12" rx="2" opacity="0.8"
            @click=${()=>(t.node||t.accession)&&this.open(t.node?.id??this.otherEnd(t.accession))}><title>${h(t.date,t.end,this.lang)}${e.colon}${this.summary(t)}</title></rect>`})}
        <line class="axis" x1=${f} x2=${d-x} y1=${l} y2=${l}></line>
        ${s.ticks(8).map(t=>p`<g class="tick"><line x1=${s(t)} x2=${s(t)} y1=${l} y2=${l+4}></line>
          <text x=${s(t)} y=${l+16} text-anchor="middle">${E(t,this.lang)}</text></g>`)}
      </svg>
      <ol>${o.map(t=>a`<li>
        <time datetime=${t.date} title=${e.precision[w(t.date)]}>${h(t.date,t.end,this.lang)}</time>
        <span class="tag ${F[t.kind]}">${e.event[t.kind]}</span>
        ${t.node?this.entityLink({id:t.node.id,label:this.summary(t)}):t.accession?this.entityLink({id:this.otherEnd(t.accession),label:this.summary(t)}):this.summary(t)}
        ${t.node?.placeAsWritten?a`<span class="muted"> · ${k("activityType",t.node.type,this.lang)} · ${t.node.placeAsWritten}</span>`:""}
        ${t.sources.length?a`<div class="muted">${t.sources.map(i=>`${i.source.reference??i.source.title}, ${i.locator}`).join("; ")}</div>`:""}
      </li>`)}</ol>`}otherEnd(n){return n.party.id===this.entity?n.convention.id:n.party.id}summary(n){let e=n.accession;if(e){let o=this.lang==="fr"?y(e.convention,"fr"):e.convention.shortName??e.convention.label,$=e.entryIntoForce?`, ${this.t.inForce(C(e.entryIntoForce,this.lang))}`:"";return`${y(e.party,this.lang)}${this.t.colon}${this.t.statusWord[e.status]??e.status} (${o})${$}${e.conflict?` \u26A0 ${e.conflict}`:""}`}return n.kind!=="ACTIVITY"&&n.node?`${n.node.label} (${this.t.event[n.kind].toLowerCase()})`:n.node?.label??n.summary}};customElements.define("cc-timeline",b);export{b as a};
