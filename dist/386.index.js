export const id = 386;
export const ids = [386];
export const modules = {

/***/ 1386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubDeployment: () => (/* binding */ GitHubDeployment)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5479);
/**
 * GitHub Deployments for the Mendix environment: a deployment when the deploy starts, `in_progress`, then
 * `success` with the app URL or `failure`. A problem with GitHub's API never fails the Mendix deploy: it is
 * reported as a warning.
 */


class GitHubDeployment {
    context;
    log;
    octokit;
    id;
    owner;
    repo;
    constructor(context, log) {
        this.context = context;
        this.log = log;
        this.octokit = (0,_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q)(context.token, { baseUrl: context.apiUrl });
        const [owner, repo] = context.repository.split('/');
        this.owner = owner;
        this.repo = repo;
    }
    async attempt(what, fn) {
        try {
            await fn();
        }
        catch (error) {
            const status = error.status;
            const hint = status === 403 || status === 404 ? ' Does the workflow grant permissions: deployments: write?' : '';
            this.log.warning(`Could not ${what} on GitHub: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}.${hint} The Mendix deploy goes on.`, 'GitHub deployment');
        }
    }
    /** Creates the deployment and marks it in progress. */
    async start() {
        await this.attempt('create the deployment', async () => {
            const created = await this.octokit.rest.repos.createDeployment({
                owner: this.owner,
                repo: this.repo,
                ref: this.context.sha,
                environment: this.context.environment,
                description: this.context.description,
                auto_merge: false,
                required_contexts: []
            });
            if (!('id' in created.data))
                throw new Error(created.data.message ?? 'no deployment id in the answer');
            this.id = created.data.id;
            await this.status('in_progress');
        });
    }
    /** Marks the deployment `success` (older ones of the environment become inactive) or `failure`. */
    async finish(outcome, appUrl) {
        if (this.id === undefined)
            return;
        await this.attempt(`mark the deployment ${outcome}`, () => this.status(outcome, appUrl));
    }
    async status(state, appUrl) {
        await this.octokit.rest.repos.createDeploymentStatus({
            owner: this.owner,
            repo: this.repo,
            deployment_id: this.id,
            state,
            log_url: this.context.runUrl,
            ...(appUrl ? { environment_url: appUrl } : {}),
            auto_inactive: true
        });
    }
}


/***/ }),

/***/ 5479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q: () => (/* reexport */ github/* getOctokit */.Q)
});

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
var undici_namespaceObject = /*#__PURE__*/__webpack_require__.t(undici, 2);
// EXTERNAL MODULE: ./src/undici-on-demand.ts
var undici_on_demand = __webpack_require__(3113);
;// CONCATENATED MODULE: ./src/undici-provided.ts
/**
 * Hands the real undici to src/undici-on-demand.ts. A module of its own, imported first by src/octokit.ts,
 * because @actions/github builds its proxied fetch as it loads: undici must be in place before that.
 */


(0,undici_on_demand.provideUndici)(undici_namespaceObject);

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./src/octokit.ts
/**
 * The one door to Octokit: it loads the real undici first (see src/undici-on-demand.ts), so both load together,
 * and only in runs that talk to GitHub's API (the modules that use this one are imported lazily).
 */




/***/ })

};

//# sourceMappingURL=386.index.js.map