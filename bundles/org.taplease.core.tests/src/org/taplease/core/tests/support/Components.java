package org.taplease.core.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.taplease.core.TapService;

/**
 * Declarative Services as the runtime reports it ({@link ServiceComponentRuntime}): which components are active and
 * which services their references hold. Only what the tests observe; nothing here gets or starts anything but the
 * runtime's own service. Queries go through the test bundle's context (this bundle is not started in other test
 * bundles' runtimes): {@code Components.of(MyTest.class)}.
 */
public final class Components {

    private final BundleContext context;

    private Components(BundleContext context) {
        this.context = context;
    }

    /** Queries through the bundle of {@code testClass} (an active test bundle). */
    public static Components of(Class<?> testClass) {
        Bundle b = FrameworkUtil.getBundle(testClass);
        if (b == null || b.getBundleContext() == null) {
            Assertions.fail(testClass.getName() + " does not run inside an active OSGi bundle");
        }
        return new Components(b.getBundleContext());
    }

    /** The component configurations named {@code name} (a component's name is its class by default). */
    public List<ComponentConfigurationDTO> configurations(String name) {
        return withRuntime(scr -> {
            List<ComponentConfigurationDTO> out = new ArrayList<>();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (d.name.equals(name)) {
                    out.addAll(scr.getComponentConfigurationDTOs(d));
                }
            }
            return out;
        });
    }

    /** The configurations of the components of {@code bundle} that provide {@code service}. */
    public List<ComponentConfigurationDTO> providing(String bundle, Class<?> service) {
        return withRuntime(scr -> {
            List<ComponentConfigurationDTO> out = new ArrayList<>();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                Bundle b = context.getBundle(d.bundle.id);
                if (b != null && b.getSymbolicName().equals(bundle)
                        && Arrays.asList(d.serviceInterfaces).contains(service.getName())) {
                    out.addAll(scr.getComponentConfigurationDTOs(d));
                }
            }
            return out;
        });
    }

    /** Waits until the component {@code name} has one configuration and it is ACTIVE; returns it. */
    public ComponentConfigurationDTO awaitActive(String name, Duration timeout) {
        Waits.until(timeout, "component " + name + " to be ACTIVE", () -> {
            List<ComponentConfigurationDTO> c = configurations(name);
            return c.size() == 1 && c.get(0).state == ComponentConfigurationDTO.ACTIVE;
        });
        return configurations(name).get(0);
    }

    /** The service ids that reference {@code reference} of {@code configuration} is bound to. */
    public static List<Long> bound(ComponentConfigurationDTO configuration, String reference) {
        List<Long> out = new ArrayList<>();
        for (SatisfiedReferenceDTO r : configuration.satisfiedReferences) {
            if (r.name.equals(reference)) {
                Arrays.stream(r.boundServices).forEach(s -> out.add(s.id));
            }
        }
        return out;
    }

    /** The core's {@link TapService} registration (exactly one, by org.taplease.core). */
    public ServiceReference<TapService> tapService() {
        List<ServiceReference<TapService>> refs = new ArrayList<>();
        try {
            refs.addAll(context.getServiceReferences(TapService.class, null));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        assertThat(refs).as("TapService registrations").hasSize(1);
        assertThat(refs.get(0).getBundle().getSymbolicName()).isEqualTo("org.taplease.core");
        return refs.get(0);
    }

    /** The symbolic names of the bundles that hold {@code ref}'s service right now. */
    public static List<String> users(ServiceReference<?> ref) {
        Bundle[] using = ref.getUsingBundles();
        return using == null ? List.of() : Arrays.stream(using).map(Bundle::getSymbolicName).toList();
    }

    private interface RuntimeQuery<T> {
        T query(ServiceComponentRuntime scr);
    }

    private <T> T withRuntime(RuntimeQuery<T> q) {
        BundleContext ctx = context;
        ServiceReference<ServiceComponentRuntime> ref = ctx.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            Assertions.fail("no Declarative Services runtime (ServiceComponentRuntime) in this OSGi runtime");
        }
        ServiceComponentRuntime scr = ctx.getService(ref);
        try {
            return q.query(scr);
        } finally {
            ctx.ungetService(ref);
        }
    }
}
