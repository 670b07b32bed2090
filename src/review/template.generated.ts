/* Generated from templates/review.md.hbs by scripts/generate-review-template.mjs. Do not edit. */
// @ts-nocheck
export const reviewTemplateSpec = {"0":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.lambda, alias2=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "## Summary\n\n"
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"counts") : stack1), depth0)) != null ? stack1 : "")
    + "\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"quota") : stack1),{"name":"if","hash":{},"fn":container.program(1, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":11,"column":0},"end":{"line":14,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"dataLossRisks") : stack1)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(2, data, 0),"inverse":container.program(5, data, 0),"data":data,"loc":{"start":{"line":15,"column":0},"end":{"line":23,"column":7}}})) != null ? stack1 : "")
    + "\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"replaced") : stack1)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(6, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":25,"column":0},"end":{"line":32,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"removed") : stack1)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(7, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":33,"column":0},"end":{"line":40,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"broadening") : stack1)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(8, data, 0),"inverse":container.program(9, data, 0),"data":data,"loc":{"start":{"line":41,"column":0},"end":{"line":49,"column":7}}})) != null ? stack1 : "")
    + "\n<details><summary>All "
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"total") : stack1), depth0)) != null ? stack1 : "")
    + " changes in change set <code>"
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"changeSetName") : stack1), depth0)) != null ? stack1 : "")
    + "</code></summary>\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"rows") : stack1)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(10, data, 0),"inverse":container.program(12, data, 0),"data":data,"loc":{"start":{"line":53,"column":0},"end":{"line":62,"column":7}}})) != null ? stack1 : "")
    + "\n</details>\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"security") : stack1)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(13, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":66,"column":0},"end":{"line":76,"column":7}}})) != null ? stack1 : "")
    + ((stack1 = lookupProperty(helpers,"if").call(alias2,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"diff") : stack1)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(14, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":77,"column":0},"end":{"line":89,"column":7}}})) != null ? stack1 : "");
},"1":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = container.lambda(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"quota") : stack1), depth0)) != null ? stack1 : "")
    + "\n\n";
},"2":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=depth0 != null ? depth0 : (container.nullContext || {}), lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "**Data loss:** these stateful resources would be replaced or removed, losing their data"
    + ((stack1 = lookupProperty(helpers,"if").call(alias1,((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"refused") : stack1),{"name":"if","hash":{},"fn":container.program(3, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":16,"column":87},"end":{"line":16,"column":173}}})) != null ? stack1 : "")
    + ":\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias1,((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"dataLossRisks") : stack1)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(4, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":17,"column":0},"end":{"line":19,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = container.lambda(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"dataLossRisks") : stack1)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n";
},"3":function(container,depth0,helpers,partials,data) {
    return "; the deploy was refused (`--allow-data-loss` allows it)";
},"4":function(container,depth0,helpers,partials,data) {
    var stack1;

  return "- "
    + ((stack1 = container.lambda(depth0, depth0)) != null ? stack1 : "")
    + "\n";
},"5":function(container,depth0,helpers,partials,data) {
    return "**Data loss:** none; no bucket, table or queue is replaced or removed.\n";
},"6":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "**Replaced** (deleted and created again):\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"replaced") : stack1)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(4, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":27,"column":0},"end":{"line":29,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = container.lambda(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"replaced") : stack1)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n\n";
},"7":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "**Removed:**\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"removed") : stack1)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(4, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":35,"column":0},"end":{"line":37,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = container.lambda(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"removed") : stack1)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n\n";
},"8":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "**Access broadened** (IAM and security groups):\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"broadening") : stack1)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(4, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":43,"column":0},"end":{"line":45,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = container.lambda(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"broadening") : stack1)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n";
},"9":function(container,depth0,helpers,partials,data) {
    return "**Access broadened:** no IAM statement, managed policy or security group rule is added.\n";
},"10":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "| Action | Logical ID | Type | Replacement |\n|---|---|---|---|\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"rows") : stack1)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(11, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":56,"column":0},"end":{"line":58,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = container.lambda(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"rows") : stack1)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n";
},"11":function(container,depth0,helpers,partials,data) {
    var stack1;

  return ((stack1 = container.lambda(depth0, depth0)) != null ? stack1 : "")
    + "\n";
},"12":function(container,depth0,helpers,partials,data) {
    return "No changes.\n";
},"13":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "<details><summary>IAM and security group changes ("
    + ((stack1 = alias1(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"security") : stack1)) != null ? lookupProperty(stack1,"total") : stack1), depth0)) != null ? stack1 : "")
    + ")</summary>\n\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"security") : stack1)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(4, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":69,"column":0},"end":{"line":71,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = alias1(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"security") : stack1)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n\n</details>\n\n";
},"14":function(container,depth0,helpers,partials,data) {
    var stack1, alias1=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "<details><summary>Template diff</summary>\n\n"
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"fence") : stack1), depth0)) != null ? stack1 : "")
    + "diff\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"diff") : stack1)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(11, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":81,"column":0},"end":{"line":83,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = alias1(((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"fence") : stack1), depth0)) != null ? stack1 : "")
    + "\n"
    + ((stack1 = alias1(((stack1 = ((stack1 = (depth0 != null ? lookupProperty(depth0,"changes") : depth0)) != null ? lookupProperty(stack1,"diff") : stack1)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n\n</details>\n\n";
},"15":function(container,depth0,helpers,partials,data) {
    return " open";
},"16":function(container,depth0,helpers,partials,data) {
    var stack1, helper, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "```mermaid\n"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"mermaid") || (depth0 != null ? lookupProperty(depth0,"mermaid") : depth0)) != null ? helper : container.hooks.helperMissing),(typeof helper === "function" ? helper.call(depth0 != null ? depth0 : (container.nullContext || {}),{"name":"mermaid","hash":{},"data":data,"loc":{"start":{"line":95,"column":0},"end":{"line":95,"column":11}}}) : helper))) != null ? stack1 : "")
    + "```\n";
},"17":function(container,depth0,helpers,partials,data) {
    return "The diagram is left out to stay within GitHub's comment limit; `ecs-arch graph` prints it.\n";
},"18":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "| Task | Runs as | CPU | Memory | Triggers | Scaling |\n|---|---|---|---|---|---|\n"
    + ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = (depth0 != null ? lookupProperty(depth0,"tasks") : depth0)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(11, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":107,"column":0},"end":{"line":109,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = container.lambda(((stack1 = (depth0 != null ? lookupProperty(depth0,"tasks") : depth0)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n";
},"19":function(container,depth0,helpers,partials,data) {
    return "No tasks.\n";
},"20":function(container,depth0,helpers,partials,data) {
    var stack1, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return ((stack1 = lookupProperty(helpers,"each").call(depth0 != null ? depth0 : (container.nullContext || {}),((stack1 = (depth0 != null ? lookupProperty(depth0,"permissions") : depth0)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(11, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":131,"column":0},"end":{"line":133,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = container.lambda(((stack1 = (depth0 != null ? lookupProperty(depth0,"permissions") : depth0)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n";
},"compiler":[8,">= 4.3.0"],"main":function(container,depth0,helpers,partials,data) {
    var stack1, helper, alias1=depth0 != null ? depth0 : (container.nullContext || {}), alias2=container.hooks.helperMissing, alias3="function", alias4=container.lambda, lookupProperty = container.lookupProperty || function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    };

  return "\u003C!-- ecs-arch review: "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"stackName") || (depth0 != null ? lookupProperty(depth0,"stackName") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"stackName","hash":{},"data":data,"loc":{"start":{"line":1,"column":22},"end":{"line":1,"column":35}}}) : helper))) != null ? stack1 : "")
    + " -->\n# "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"stackName") || (depth0 != null ? lookupProperty(depth0,"stackName") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"stackName","hash":{},"data":data,"loc":{"start":{"line":2,"column":2},"end":{"line":2,"column":15}}}) : helper))) != null ? stack1 : "")
    + "\n\nStage **"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"stage") || (depth0 != null ? lookupProperty(depth0,"stage") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"stage","hash":{},"data":data,"loc":{"start":{"line":4,"column":8},"end":{"line":4,"column":17}}}) : helper))) != null ? stack1 : "")
    + "** in **"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"region") || (depth0 != null ? lookupProperty(depth0,"region") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"region","hash":{},"data":data,"loc":{"start":{"line":4,"column":25},"end":{"line":4,"column":35}}}) : helper))) != null ? stack1 : "")
    + "**: "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"resourceSummary") || (depth0 != null ? lookupProperty(depth0,"resourceSummary") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"resourceSummary","hash":{},"data":data,"loc":{"start":{"line":4,"column":39},"end":{"line":4,"column":58}}}) : helper))) != null ? stack1 : "")
    + ". Generated by `ecs-arch "
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"command") || (depth0 != null ? lookupProperty(depth0,"command") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"command","hash":{},"data":data,"loc":{"start":{"line":4,"column":83},"end":{"line":4,"column":94}}}) : helper))) != null ? stack1 : "")
    + "` from `"
    + ((stack1 = ((helper = (helper = lookupProperty(helpers,"configFile") || (depth0 != null ? lookupProperty(depth0,"configFile") : depth0)) != null ? helper : alias2),(typeof helper === alias3 ? helper.call(alias1,{"name":"configFile","hash":{},"data":data,"loc":{"start":{"line":4,"column":102},"end":{"line":4,"column":116}}}) : helper))) != null ? stack1 : "")
    + "`.\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias1,(depth0 != null ? lookupProperty(depth0,"changes") : depth0),{"name":"if","hash":{},"fn":container.program(0, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":6,"column":0},"end":{"line":90,"column":7}}})) != null ? stack1 : "")
    + "<details"
    + ((stack1 = lookupProperty(helpers,"unless").call(alias1,(depth0 != null ? lookupProperty(depth0,"changes") : depth0),{"name":"unless","hash":{},"fn":container.program(15, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":91,"column":8},"end":{"line":91,"column":43}}})) != null ? stack1 : "")
    + "><summary>Architecture</summary>\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias1,(depth0 != null ? lookupProperty(depth0,"mermaid") : depth0),{"name":"if","hash":{},"fn":container.program(16, data, 0),"inverse":container.program(17, data, 0),"data":data,"loc":{"start":{"line":93,"column":0},"end":{"line":98,"column":7}}})) != null ? stack1 : "")
    + "\n</details>\n\n<details><summary>Tasks ("
    + ((stack1 = alias4(((stack1 = (depth0 != null ? lookupProperty(depth0,"tasks") : depth0)) != null ? lookupProperty(stack1,"total") : stack1), depth0)) != null ? stack1 : "")
    + ")</summary>\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias1,((stack1 = (depth0 != null ? lookupProperty(depth0,"tasks") : depth0)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(18, data, 0),"inverse":container.program(19, data, 0),"data":data,"loc":{"start":{"line":104,"column":0},"end":{"line":113,"column":7}}})) != null ? stack1 : "")
    + "\n</details>\n\n<details><summary>Resources by type</summary>\n\n| Type | Count |\n|---|---:|\n"
    + ((stack1 = lookupProperty(helpers,"each").call(alias1,((stack1 = (depth0 != null ? lookupProperty(depth0,"resources") : depth0)) != null ? lookupProperty(stack1,"items") : stack1),{"name":"each","hash":{},"fn":container.program(11, data, 0),"inverse":container.noop,"data":data,"loc":{"start":{"line":121,"column":0},"end":{"line":123,"column":9}}})) != null ? stack1 : "")
    + ((stack1 = alias4(((stack1 = (depth0 != null ? lookupProperty(depth0,"resources") : depth0)) != null ? lookupProperty(stack1,"more") : stack1), depth0)) != null ? stack1 : "")
    + "\n\n</details>\n\n<details><summary>IAM permissions per task</summary>\n\n"
    + ((stack1 = lookupProperty(helpers,"if").call(alias1,((stack1 = (depth0 != null ? lookupProperty(depth0,"permissions") : depth0)) != null ? lookupProperty(stack1,"total") : stack1),{"name":"if","hash":{},"fn":container.program(20, data, 0),"inverse":container.program(19, data, 0),"data":data,"loc":{"start":{"line":130,"column":0},"end":{"line":137,"column":7}}})) != null ? stack1 : "")
    + "\n</details>\n";
},"useData":true};
