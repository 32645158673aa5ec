import{a}from"./chunk-RCNZDH7W.js";import"./chunk-XFTW67JS.js";import"./chunk-PUJQCVEG.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
