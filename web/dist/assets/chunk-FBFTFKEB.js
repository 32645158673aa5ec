import{b as F,o as N,p as S}from"./chunk-JWIZOWBI.js";import{b as $,c as s,e as y,i as c,j as g,k as f,l as b,o as v,p as d,q as m,s as T,u as A,x,z as p}from"./chunk-O76BBFZL.js";var C={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},E=r=>(...t)=>({_$litDirective$:r,values:t}),u=class{constructor(t){}get _$AU(){return this._$AM._$AU}_$AT(t,e,i){this._$Ct=t,this._$AM=e,this._$Ci=i}_$AS(t,e){return this.update(t,e)}update(t,e){return this.render(...e)}};var k="important",O=" !"+k,j=E(class extends u{constructor(r){if(super(r),r.type!==C.ATTRIBUTE||r.name!=="style"||r.strings?.length>2)throw Error("The `styleMap` directive must be used in the `style` attribute and must be the only part in the attribute.")}render(r){return Object.keys(r).reduce((t,e)=>{let i=r[e];return i==null?t:t+`${e=e.includes("-")?e:e.replace(/(?:^(webkit|moz|ms|o)|)(?=[A-Z])/g,"-$&").toLowerCase()}:${i};`},"")}update(r,[t]){let{style:e}=r.element;if(this.ft===void 0)return this.ft=new Set(Object.keys(t)),this.render(t);for(let i of this.ft)t[i]==null&&(this.ft.delete(i),i.includes("-")?e.removeProperty(i):e[i]=null);for(let i in t){let n=t[i];if(n!=null){this.ft.add(i);let o=typeof n=="string"&&n.endsWith(O);i.includes("-")||o?e.setProperty(i,o?n.slice(0,-11):n,o?k:""):e[i]=n}}return y}});var I={id:"sha256:62ee241d131d4c0ec8df0b05227abb7b62247e3606d685fcccbbedddb7bb1831",text:`query Card($id: ID!, $filter: ActivityFilter, $withActivities: Boolean!) {
  entity(id: $id) {
    id kind label sources { source { id title reference } locator }
    relations(first: 100) { totalCount nodes { type direction role status date note node { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } sources { source { id title reference } locator } } }
    ... on Country { name countryNameFr: nameFr iso2 countryStatus: status caveat aliases
      treaties { convention { id label shortName nameFr } status date entryIntoForce sources { source { id title reference } locator } } }
    ... on Organization { name nameFr acronym organizationKind note aliases }
    ... on Project { name code projectTitle: title start end budgetEUR budgetNote projectStatus: status area fundingType note aliases }
    ... on Convention { name nameFr treatyNumber shortName openedForSignature body note
      chart { statusAsOf complete note source { id title url publisher date } } standing { status count } }
    ... on Activity { title type activityStart: start activityEnd: end city placeAsWritten participants note }
    ... on Theme { name nameFr }
    ... on Goal { goalKind number text }
    ... on Source { title publisher date reference url }
  }
  activities(filter: $filter, first: 50) @include(if: $withActivities) {
    totalCount
    nodes { id label start end type city placeAsWritten projects { id label } }
  }
}
`};var h=class extends p{static styles=[p.baseStyles,N,$`
    h2 { margin: 0 0 2px; font-size: 18px; }
    h3 { margin: 14px 0 4px; font-size: 14px; border-bottom: 1px solid var(--cybercoop-line); }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
    dt { color: var(--cybercoop-muted); }
    dd { margin: 0; }
    ul { margin: 4px 0; padding-left: 18px; }
    li { margin: 2px 0; }
    .src { font-size: 12px; color: var(--cybercoop-muted); }
  `];load(t){let e=b(v(this.entity),this.entity,this.from,this.to);return f(this.api,I,{id:this.entity,filter:e,withActivities:!!e},t)}renderData({entity:t,activities:e}){let i=this.t,n=R(t),o=this.lang==="fr"&&n.nameFr?n.nameFr:n.label;return s`
      <h2>${o}</h2>
      <div class="muted"><span class="kind-dot" style=${j({background:x[n.kind]})}></span>${g(n.kind,this.lang)} · ${n.id}</div>
      <h3>${i.facts}</h3>
      <dl>${this.facts(n).map(([l,a])=>s`<dt>${l}</dt><dd>${a}</dd>`)}</dl>
      ${n.treaties?this.renderTreaties(n.treaties):""}
      ${n.kind==="CONVENTION"?this.renderStanding(n):""}
      ${e?this.renderActivities(e):""}
      ${this.renderRelations(n.relations)}
      <h3>${i.sources}</h3>
      ${this.renderSources(n.sources)}
    `}facts(t){let e=this.t,i=this.lang,n=l=>l?`${d(l,i)} (${e.precision[T(l)]})`:null;return[[e.name,t.name??t.title],[e.frenchName,t.nameFr],[e.acronym,t.acronym??t.shortName],[e.code,t.code??t.iso2??t.treatyNumber],[e.type,c("organizationKind",t.organizationKind,i)||c("activityType",t.type,i)||c("goalKind",t.goalKind,i)],[e.area,t.area],[e.status,c(t.kind==="PROJECT"?"projectStatus":"countryStatus",t.status,i)],[e.start,n(t.start??t.openedForSignature??t.date)],[e.end,t.kind==="ACTIVITY"&&t.end===t.start?null:n(t.end)],[e.place,t.placeAsWritten],[e.budget,t.budgetEUR!=null?A(t.budgetEUR,i):null],["",t.budgetNote],[e.aliases,t.aliases?.length?t.aliases.join(", "):null],["",t.caveat??t.note??t.text]].filter(([,l])=>l!=null&&l!=="")}renderTreaties(t){let e=this.t,i=this.lang;return t.length?s`
      <h3>${e.treaties} (${t.length})</h3>
      <ul>${t.map(n=>s`<li>
        ${this.entityLink({...n.convention,label:n.convention.shortName??n.convention.label})}:
        <strong>${e.statusWord[n.status]??n.status}</strong>${n.date?`, ${d(n.date,i)}`:""}${n.entryIntoForce?s` <span class="muted">(${e.inForce(d(n.entryIntoForce,i))})</span>`:""}
        ${n.sources.length?this.renderSources(n.sources):""}
      </li>`)}</ul>`:""}renderStanding(t){let e=this.t,i=(t.standing??[]).filter(n=>F(n.status)).reduce((n,o)=>n+o.count,0);return s`
      <h3>${e.standing}</h3>
      ${S(t.chart,e,this.lang)}
      ${t.standing?.length?s`<div><strong>${e.parties(i)}</strong></div>
        <ul>${t.standing.map(n=>s`<li>${e.statusName[n.status]??n.status}${e.colon}${n.count}</li>`)}</ul>`:""}`}renderActivities(t){let e=this.t,i=t.totalCount-t.nodes.length;return s`
      <h3>${e.activities} (${t.totalCount})</h3>
      <ul>${t.nodes.map(n=>s`<li>
        <strong class="nowrap">${m(n.start,n.end,this.lang)}</strong> · ${c("activityType",n.type,this.lang)}${n.placeAsWritten?s` · ${n.placeAsWritten}`:""}<br>
        ${this.entityLink(n)}
        ${n.projects.length?s`<div class="muted">${n.projects.map((o,l)=>s`${l?", ":""}${this.entityLink(o)}`)}</div>`:""}
      </li>`)}</ul>
      ${i>0?s`<div class="muted">${e.more(i)}${e.colon}${e.table}</div>`:""}`}renderRelations(t){let e=this.t,i=Map.groupBy(t.nodes,o=>o.type),n=t.totalCount-t.nodes.length;return s`
      <h3>${e.relations} (${t.totalCount})</h3>
      ${[...i].map(([o,l])=>s`
        <details ?open=${l.length<=8}>
          <summary>${c("relationType",o,this.lang)} (${l.length})</summary>
          <ul>${l.map(a=>s`<li>
            ${a.direction==="IN"?"\u2190 ":"\u2192 "}${this.entityLink(a.node)}
            ${a.role?s`<span class="muted">(${a.role})</span>`:""}
            ${a.status||a.date?s`<span class="muted">${[a.type==="ACCESSION"?e.statusWord[a.status]??a.status:a.status,m(a.date,null,this.lang)].filter(Boolean).join(", ")}</span>`:""}
            ${a.sources.length?this.renderSources(a.sources):""}
          </li>`)}</ul>
        </details>`)}
      ${n>0?s`<div class="muted">${e.more(n)}</div>`:""}`}renderSources(t){return s`<div>${t.map(e=>s`<div class="src">${e.source.reference??e.source.title}, ${e.locator}</div>`)}</div>`}};function R(r){return{...r,nameFr:r.countryNameFr??r.nameFr,status:r.countryStatus??r.projectStatus,title:r.projectTitle??r.title,start:r.activityStart??r.start,end:r.activityEnd??r.end}}customElements.define("cc-card",h);export{j as a,h as b};
/*! For license information please see chunk-FBFTFKEB.js.LEGAL.txt */
