import{a}from"./chunk-CB5GOODX.js";import"./chunk-Q2X54U25.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
