import{a}from"./chunk-FHI5WQUF.js";import"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";export{a as PathView};
