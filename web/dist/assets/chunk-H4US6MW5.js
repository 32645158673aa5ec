import{a as v,b as $,c as f,d as g,e as h,f as k,j as w,k as C,m as u}from"./chunk-LVN2AIOF.js";import{a as b,b as n,f as y}from"./chunk-O25HQKV7.js";var x={id:"sha256:6e812bedea06791041189b39e82a7b79f281a2d514f6e66a001b60807a8aa7ab",text:`query TableActivities($filter: ActivityFilter, $first: Int!, $after: String) {
  activities(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id label start end type placeAsWritten projects { id label } organizations { id label }
      sources { source { reference title } locator } }
  }
}
`};var _={id:"sha256:af1f4e0f9714c5ce4c658db56ad1995ba942e7d3368cebe907e61887f0488895",text:`query TableCollaborators($id: ID!, $from: Date, $to: Date, $first: Int!, $after: String) {
  collaborators(of: $id, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { node { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } weight sharedActivityCount sharedProjectCount firstDate lastDate projects { id label } }
  }
}
`};var j=100,D=2e3,p=class extends u{static properties={mode:{type:String},first:{type:Number},_sort:{state:!0},_filter:{state:!0}};static reloadOn=[...u.reloadOn,"mode","first"];static styles=[u.baseStyles,b`
    .bar { display: flex; gap: 8px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
    th button { all: unset; cursor: pointer; font-weight: 600; }
    th button:focus-visible { outline: 2px solid #1971c2; }
    .wrap { max-height: var(--cc-table-height, 70vh); overflow: auto; }
  `];constructor(){super(),this.mode="activities",this._sort={key:"date",desc:!1},this._filter=""}async load(e){let s=this.mode==="collaborators",o=$(g(this.entity),this.entity,this.from,this.to);if(!s&&!o)return{total:0,rows:[]};let t=this.first>0?Math.min(this.first,j):j,a=this.first>0?t:D,c=s?{id:this.entity,from:this.from||null,to:this.to||null,first:t}:{filter:o,first:t},r=[],i=0,l=null;do{let m=await v(this.api,s?_:x,{...c,after:l},e),d=s?m.collaborators:m.activities;i=d.totalCount,r.push(...d.nodes),l=d.pageInfo.hasNextPage?d.pageInfo.endCursor:null}while(l&&r.length<a);return{total:i,rows:r}}get columns(){let e=this.t,s=this.lang,o=t=>t.map(a=>f(a,s)).join("; ");return this.mode==="collaborators"?[{key:"name",label:e.name,value:t=>f(t.node,s),cell:t=>this.entityLink(t.node)},{key:"kind",label:e.kind,value:t=>y(t.node.kind,s)},{key:"weight",label:e.weight,value:t=>t.weight,numeric:!0},{key:"acts",label:e.sharedActivities,value:t=>t.sharedActivityCount,numeric:!0},{key:"projs",label:e.sharedProjects,value:t=>t.sharedProjectCount,numeric:!0},{key:"date",label:e.first,value:t=>t.firstDate??"",cell:t=>h(t.firstDate,s)},{key:"last",label:e.last,value:t=>t.lastDate??"",cell:t=>h(t.lastDate,s)},{key:"projects",label:e.projects,value:t=>o(t.projects)}]:[{key:"date",label:e.date,value:t=>t.start,cell:t=>n`<time datetime=${t.start}>${k(t.start,t.end,s)}</time>`},{key:"title",label:e.title,value:t=>t.label,cell:t=>this.entityLink(t)},{key:"type",label:e.type,value:t=>t.type},{key:"place",label:e.place,value:t=>t.placeAsWritten??""},{key:"projects",label:e.projects,value:t=>o(t.projects)},{key:"orgs",label:e.organizations,value:t=>o(t.organizations)},{key:"sources",label:e.sources,value:t=>t.sources.map(a=>`${a.source.reference??a.source.title}, ${a.locator}`).join("; "),cell:t=>n`<span class="muted">${t.sources.map(a=>`${a.source.reference??a.source.title}, ${a.locator}`).join("; ")}</span>`}]}visibleRows(e,s){let o=this._filter.trim().toLocaleLowerCase(),t=o?e.filter(i=>s.some(l=>String(l.value(i)).toLocaleLowerCase().includes(o))):e,a=s.find(i=>i.key===this._sort.key)??s[0],c=a.numeric?(i,l)=>a.value(i)-a.value(l):(i,l)=>String(a.value(i)).localeCompare(String(a.value(l)),this.lang),r=[...t].sort(c);return this._sort.desc?r.reverse():r}renderData({total:e,rows:s}){let o=this.t,t=this.columns,a=this.visibleRows(s,t),c=this.mode==="collaborators"?o.collaborators:o.activities;return n`
      <div class="bar">
        <strong>${c}</strong>
        <span class="muted" role="status">${o.rows(a.length,e)}</span>
        <input type="search" placeholder=${o.filter} aria-label=${o.filter} .value=${this._filter}
          @input=${r=>{this._filter=r.target.value}}>
        <button @click=${()=>this.downloadCSV(t,a)}>${o.download} ${o.csv}</button>
      </div>
      <div class="wrap"><table>
        <caption class="muted" hidden>${c}</caption>
        <thead><tr>${t.map(r=>n`<th aria-sort=${this._sort.key===r.key?this._sort.desc?"descending":"ascending":"none"}>
          <button @click=${()=>this.sortBy(r.key)}>${r.label}${this._sort.key===r.key?this._sort.desc?" \u25BC":" \u25B2":""}</button></th>`)}</tr></thead>
        <tbody>${a.map(r=>n`<tr>${t.map(i=>n`<td>${i.cell?i.cell(r):i.value(r)}</td>`)}</tr>`)}</tbody>
      </table></div>`}sortBy(e){this._sort={key:e,desc:this._sort.key===e?!this._sort.desc:!1}}downloadCSV(e,s){let o=w(e.map(t=>t.key),s.map(t=>e.map(a=>a.value(t))));C(`${this.entity.replace(":","-")}-${this.mode}.csv`,new Blob([o],{type:"text/csv;charset=utf-8"}))}};customElements.define("cc-table",p);export{p as a};
