import{a}from"./chunk-XR7X6HD5.js";import"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
