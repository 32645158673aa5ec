import{a}from"./chunk-SQYXRNOV.js";import"./chunk-Q2X54U25.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
