/* Renders the app's own OpenAPI document as a readable page: no CDN, works offline.
   Labels come from data-* attributes of #api-docs, so the page speaks the reader's language. */
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  if (!root) { return; }
  var label = function (name) { return root.getAttribute("data-label-" + name) || name; };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function refName(schema) {
    return schema && schema.$ref ? schema.$ref.split("/").pop() : null;
  }

  function typeOf(schema) {
    if (!schema) { return ""; }
    if (schema.$ref) { return refName(schema); }
    if (schema.anyOf) { return schema.anyOf.map(typeOf).join(" | "); }
    if (schema.enum) { return schema.enum.join(" | "); }
    if (schema.type === "array") { return typeOf(schema.items) + "[]"; }
    return (schema.type || "object") + (schema.format ? " (" + schema.format + ")" : "");
  }

  function parameterTable(parameters) {
    var rows = parameters.map(function (p) {
      return el("tr", {}, [
        el("td", {}, [el("code", {}, [p.name])]),
        el("td", {}, [p["in"]]),
        el("td", {}, [typeOf(p.schema)]),
        el("td", {}, [p.required ? label("required") : ""]),
        el("td", {}, [p.description || (p.schema && p.schema.description) || ""])
      ]);
    });
    return el("div", {"class": "table-wrap"}, [el("table", {"class": "table"}, [el("tbody", {}, rows)])]);
  }

  function bodySchemas(content) {
    return Object.keys(content || {}).map(function (type) {
      return el("p", {}, [el("code", {}, [type]), " ", typeOf(content[type].schema)]);
    });
  }

  function operation(path, method, op) {
    var body = [];
    if (op.description) { body.push(el("p", {}, [op.description])); }
    if ((op.parameters || []).length) {
      body.push(el("h3", {}, [label("parameters")]), parameterTable(op.parameters));
    }
    if (op.requestBody) {
      body.push(el("h3", {}, [label("body")]));
      body = body.concat(bodySchemas(op.requestBody.content));
    }
    body.push(el("h3", {}, [label("responses")]));
    Object.keys(op.responses || {}).forEach(function (code) {
      var answer = op.responses[code];
      body.push(el("p", {}, [el("strong", {}, [code]), " " + (answer.description || "") + " "]
        .concat(bodySchemas(answer.content).map(function (p) { return el("span", {}, [p.textContent]); }))));
    });
    return el("details", {"class": "api-op", id: op.operationId || ""}, [
      el("summary", {}, [
        el("span", {"class": "api-op__method api-op__method--" + method}, [method]),
        el("span", {"class": "api-op__path"}, [path]),
        el("span", {}, [op.summary || ""])
      ]),
      el("div", {"class": "api-op__body"}, body)
    ]);
  }

  function render(spec) {
    root.textContent = "";
    Object.keys(spec.paths).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) {
        root.appendChild(operation(path, method, spec.paths[path][method]));
      });
    });
    var schemas = (spec.components || {}).schemas || {};
    root.appendChild(el("h2", {}, [label("schemas")]));
    Object.keys(schemas).forEach(function (name) {
      root.appendChild(el("details", {"class": "api-op api-schema", id: "schema-" + name}, [
        el("summary", {}, [el("code", {}, [name])]),
        el("div", {"class": "api-op__body"}, [el("pre", {}, [JSON.stringify(schemas[name], null, 2)])])
      ]));
    });
  }

  root.appendChild(el("p", {}, [label("loading")]));
  fetch(root.getAttribute("data-spec"), {credentials: "omit"})
    .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
    .then(render)
    .catch(function () { root.textContent = label("failed"); });
}());
