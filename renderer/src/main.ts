import { mount } from 'svelte';
import { z } from 'zod';
import App from './App.svelte';
import './styles.css';

// zod probes for eval support with Function(''), which the CSP refuses (and reports); tell it not to.
z.config({ jitless: true });

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
