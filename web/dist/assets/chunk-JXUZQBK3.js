import{a}from"./chunk-FQJID2EY.js";import"./chunk-CYIHO4H5.js";import"./chunk-KA27ISCT.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
